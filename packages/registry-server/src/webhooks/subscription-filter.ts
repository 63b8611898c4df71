/**
 * A subscription's optional attribute filter, matched against the event's `event_attributes`:
 * `{ "<attribute path>": <condition>, … }`, all must hold. A path is dot-separated into nested
 * objects (`"custom_fields.tier"`); `$.` starts a path at the envelope instead
 * (`"$.source_module"`). A condition is a JSON scalar (strict equality: `1` is not `"1"`), or
 * `{ "op": "=", "!=", ">", ">=", "<", "<=", "in", "exists", "value": … }`. Comparisons are
 * between two numbers or two strings; anything else does not match.
 */
const OPS = new Set(['=', '!=', '>', '>=', '<', '<=', 'in', 'exists'])
export const MAX_FILTER_KEYS = 20

export type Scalar = string | number | boolean | null

export interface FilterProblem {
  path: string
  message: string
}

export function filterProblems(filter: unknown): FilterProblem[] {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    return [{ path: '/filter', message: 'the filter is an object of attribute path → condition' }]
  }
  const entries = Object.entries(filter)
  if (entries.length > MAX_FILTER_KEYS) {
    return [{ path: '/filter', message: `at most ${MAX_FILTER_KEYS} conditions` }]
  }
  const problems: FilterProblem[] = []
  for (const [key, condition] of entries) {
    const path = `/filter/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (!/^(\$\.)?[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(key)) {
      problems.push({ path, message: `"${key}" is not an attribute path (names joined by ".")` })
    }
    if (isScalar(condition)) continue
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
      problems.push({ path, message: 'a condition is a JSON scalar or {"op", "value"}' })
      continue
    }
    const { op, value, ...rest } = condition as Record<string, unknown>
    if (Object.keys(rest).length > 0) {
      problems.push({
        path,
        message: `unknown keys ${Object.keys(rest).join(', ')}; a condition has op and value`,
      })
    } else if (typeof op !== 'string' || !OPS.has(op)) {
      problems.push({ path: `${path}/op`, message: `op is one of ${[...OPS].join(' ')}` })
    } else if (
      op === 'in' ? !Array.isArray(value) || !value.every(isScalar) : op !== 'exists' && !isScalar(value)
    ) {
      problems.push({
        path: `${path}/value`,
        message: op === 'in' ? 'the value of "in" is an array of scalars' : 'the value is a JSON scalar',
      })
    } else if (op === 'exists' && typeof value !== 'boolean') {
      problems.push({ path: `${path}/value`, message: 'the value of "exists" is true or false' })
    }
  }
  return problems
}

/** True when every condition holds for this envelope (a validated filter). */
export function matchesFilter(filter: Record<string, unknown>, envelope: Record<string, unknown>): boolean {
  const attributes = envelope.event_attributes
  for (const [key, condition] of Object.entries(filter)) {
    const found = key.startsWith('$.') ? lookup(envelope, key.slice(2)) : lookup(attributes, key)
    if (!holds(condition, found)) return false
  }
  return true
}

function holds(condition: unknown, found: { value: unknown } | undefined): boolean {
  if (isScalar(condition)) return found !== undefined && found.value === condition
  const { op, value } = condition as { op: string; value: unknown }
  if (op === 'exists') return (found !== undefined) === value
  if (found === undefined) return op === '!='
  const actual = found.value
  switch (op) {
    case '=':
      return actual === value
    case '!=':
      return actual !== value
    case 'in':
      return (value as unknown[]).includes(actual)
    default:
      return compare(op, actual, value)
  }
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')
  if (!comparable) return false
  const x = a as number | string
  const y = b as number | string
  return op === '>' ? x > y : op === '>=' ? x >= y : op === '<' ? x < y : x <= y
}

function lookup(root: unknown, path: string): { value: unknown } | undefined {
  let current: unknown = root
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined
    if (!Object.hasOwn(current, part)) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return { value: current }
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}
