/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does), arrays in
 * their order: two events that differ only in key order have the same canonical text, so the
 * dedup hash calls a re-sent event a duplicate however its keys were ordered. Callers bound the
 * nesting first (`event-bounds.ts`), so the recursion is shallow. Loops and string appends rather
 * than map/join: this runs once per ingested event.
 */
export function canonicalJson(value: unknown, omitTopLevel?: string): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null'
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
  const keys = Object.keys(record).sort()
  let out = '{'
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const item = record[key]
    if (key === omitTopLevel || item === undefined || typeof item === 'function') continue
    if (out.length > 1) out += ','
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`
  }
  return `${out}}`
}
