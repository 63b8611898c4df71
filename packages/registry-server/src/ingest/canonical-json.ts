/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does), arrays in
 * their order: two events that differ only in key order have the same canonical text, so the
 * dedup hash calls a re-sent event a duplicate however its keys were ordered. Callers bound the
 * nesting first (`event-bounds.ts`), so the recursion is shallow.
 */
export function canonicalJson(value: unknown, omitTopLevel?: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`
  }
  const parts: string[] = []
  for (const key of Object.keys(value).sort()) {
    if (key === omitTopLevel) continue
    const item = (value as Record<string, unknown>)[key]
    if (item === undefined || typeof item === 'function') continue
    parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`)
  }
  return `{${parts.join(',')}}`
}
