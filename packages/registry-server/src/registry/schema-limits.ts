/**
 * What a tenant may register as an event's `attributes` schema: bounded in bytes, fields and
 * depth (ajv compiles it into code the server keeps), and with regular expressions only of the
 * linear shapes `pattern-safety.ts` allows. Checked before anything compiles or stores it.
 */
import { ServerError } from '../errors.js'
import { unsafePatternReason } from './pattern-safety.js'

export const SCHEMA_LIMITS = Object.freeze({
  /** Serialized size of the attributes schema. */
  maxBytes: 64 * 1024,
  /** Property definitions (`properties` entries) in all. */
  maxProperties: 256,
  /** Nesting of schema objects. */
  maxDepth: 16,
})

/** Throws 400 naming the first limit the schema breaks. */
export function checkSchemaLimits(attributes: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(attributes) ?? '')
  if (bytes > SCHEMA_LIMITS.maxBytes) {
    throw refused(`is ${bytes} bytes; the limit is ${SCHEMA_LIMITS.maxBytes}`, '')
  }
  let properties = 0
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: attributes, path: '', depth: 1 }]
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    if (depth > SCHEMA_LIMITS.maxDepth) {
      throw refused(`nests deeper than ${SCHEMA_LIMITS.maxDepth} levels`, path)
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node)
    for (const [key, value] of entries) {
      const at = `${path}/${key}`
      if (!Array.isArray(node) && key === 'pattern' && typeof value === 'string') checkPattern(value, at)
      if (!Array.isArray(node) && key === 'patternProperties' && value && typeof value === 'object') {
        for (const pattern of Object.keys(value)) checkPattern(pattern, `${at}/${pattern}`)
      }
      if (!Array.isArray(node) && key === 'properties' && value && typeof value === 'object') {
        properties += Object.keys(value).length
        if (properties > SCHEMA_LIMITS.maxProperties) {
          throw refused(`defines more than ${SCHEMA_LIMITS.maxProperties} properties`, at)
        }
      }
      stack.push({ node: value, path: at, depth: depth + 1 })
    }
  }
}

function checkPattern(pattern: string, at: string): void {
  const reason = unsafePatternReason(pattern)
  if (reason) {
    throw refused(
      `has the pattern ${JSON.stringify(pattern.slice(0, 64))}, which ${reason}. Patterns run on every event; ` +
        'only anchored, group-free patterns with at most one variable quantifier are accepted (or use enum / maxLength)',
      at,
    )
  }
}

function refused(what: string, path: string): ServerError {
  return new ServerError('bad_request', 400, `the attributes schema ${what}`, {
    path: `/attributes${path}`,
  })
}
