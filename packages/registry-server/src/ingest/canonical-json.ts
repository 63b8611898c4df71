/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does), arrays in
 * their order: two events that differ only in key order have the same canonical text, so the
 * dedup hash calls a re-sent event a duplicate however its keys were ordered. Callers bound the
 * nesting first (`event-bounds.ts`), so the recursion is shallow.
 *
 * This runs once per ingested event, so it avoids what dominates a naive version: one
 * `JSON.stringify` call per key and per primitive (keys repeat across events and are quoted
 * once; strings without a character to escape are quoted by concatenation), and
 * `Array.prototype.sort` on small, often nearly sorted key lists (an insertion sort there).
 * Byte for byte the output is the plain definition's (`canonical-json.test.ts` pins both).
 */
export function canonicalJson(value: unknown, omitTopLevel?: string): string {
  switch (typeof value) {
    case 'string':
      return quoteString(value)
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      return JSON.stringify(value) ?? 'null'
  }
  if (value === null) return 'null'
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      const item = value[i]
      out += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item)
    }
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  const keys = sortedKeys(record)
  let out = '{'
  let first = true
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const item = record[key]
    if (key === omitTopLevel || item === undefined || typeof item === 'function') continue
    if (!first) out += ','
    first = false
    out += quoteKey(key)
    out += ':'
    out += canonicalJson(item)
  }
  return `${out}}`
}

/**
 * What `JSON.stringify` escapes in a string: quote, backslash, control characters and lone
 * surrogates (paired surrogates also take the slow path, which keeps them as they are).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

function quoteString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}

/**
 * Quoted keys, bounded: event keys come from schemas (a few hundred names); custom ones past the
 * bound are quoted each time.
 */
const quotedKeys = new Map<string, string>()
const MAX_QUOTED_KEYS = 4_096
const MAX_QUOTED_KEY_LENGTH = 64

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = quoteString(key)
    if (quotedKeys.size < MAX_QUOTED_KEYS && key.length <= MAX_QUOTED_KEY_LENGTH) quotedKeys.set(key, quoted)
  }
  return quoted
}

/** Past this many keys the quadratic insertion sort would cost more than the built-in sort. */
const INSERTION_SORT_MAX = 16

function sortedKeys(record: object): string[] {
  const keys = Object.keys(record)
  if (keys.length > INSERTION_SORT_MAX) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = key
  }
  return keys
}
