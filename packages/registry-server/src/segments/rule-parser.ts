/**
 * Checks a segment rule (JSON from a client) and turns it into a typed tree. Every error names the
 * JSON path of the bad node (`$.all[1].not.within`), so a client can point at it; nothing here
 * touches the store.
 */
import { type MetricDefinition, metricsForScope } from '@cebe/schemas'
import { ServerError } from '../errors.js'

export const COMPARISON_OPS = ['=', '!=', '>', '>=', '<', '<='] as const
export type ComparisonOp = (typeof COMPARISON_OPS)[number]

/** A window ending now: `90d` (days) or `12h` (hours). */
export interface Within {
  text: string
  ms: number
}

/** Compared with the attribute's text form on both stores, so `5` matches 5 and "5". */
export type WhereValue = string | number

export type Rule =
  | { kind: 'all'; rules: Rule[] }
  | { kind: 'any'; rules: Rule[] }
  | { kind: 'not'; rule: Rule }
  | {
      kind: 'metric'
      definition: MetricDefinition
      op: ComparisonOp
      value: number | string | boolean
      within?: Within
    }
  | {
      kind: 'event'
      event: string
      within?: Within
      count: { op: ComparisonOp; value: number }
      where: Record<string, WhereValue>
    }
  | { kind: 'attribute'; name: string; op: '=' | '!='; value: WhereValue }
  | { kind: 'cdp_segment'; segmentId: string }
  | { kind: 'segment'; id: string }

/** Rules nest at most this deep and hold at most this many nodes: a compiled rule stays one sane statement. */
export const MAX_DEPTH = 16
export const MAX_NODES = 200

const NUMERIC_UNITS = new Set([
  'count',
  'rate',
  'ratio',
  'seconds',
  'money',
  'points',
  'score',
  'per_30_days',
])
const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const WITHIN = /^([1-9][0-9]{0,4})([dh])$/
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

export function parseRule(input: unknown): Rule {
  const state = { nodes: 0 }
  return parseNode(input, '$', 0, state)
}

function invalid(path: string, message: string): ServerError {
  return new ServerError('bad_request', 400, `invalid rule at ${path}: ${message}`, { path })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function only(node: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key))
      throw invalid(`${path}.${key}`, `unknown field "${key}" (allowed: ${allowed.join(', ')})`)
  }
}

function parseNode(input: unknown, path: string, depth: number, state: { nodes: number }): Rule {
  if (!isObject(input)) throw invalid(path, 'a rule is a JSON object')
  if (depth > MAX_DEPTH) throw invalid(path, `rules nest at most ${MAX_DEPTH} deep`)
  if (++state.nodes > MAX_NODES) throw invalid(path, `a rule has at most ${MAX_NODES} nodes`)
  for (const combinator of ['all', 'any'] as const) {
    if (combinator in input) {
      only(input, path, [combinator])
      const list = input[combinator]
      const at = `${path}.${combinator}`
      if (!Array.isArray(list) || list.length === 0)
        throw invalid(at, `"${combinator}" takes a non-empty array of rules`)
      return {
        kind: combinator,
        rules: list.map((rule, i) => parseNode(rule, `${at}[${i}]`, depth + 1, state)),
      }
    }
  }
  if ('not' in input) {
    only(input, path, ['not'])
    return { kind: 'not', rule: parseNode(input.not, `${path}.not`, depth + 1, state) }
  }
  if ('metric' in input) return parseMetric(input, path)
  if ('event' in input) return parseEvent(input, path)
  if ('attribute' in input) return parseAttribute(input, path)
  if ('cdp_segment' in input) {
    only(input, path, ['cdp_segment'])
    return { kind: 'cdp_segment', segmentId: nonEmptyText(input.cdp_segment, `${path}.cdp_segment`) }
  }
  if ('segment' in input) {
    only(input, path, ['segment'])
    return { kind: 'segment', id: nonEmptyText(input.segment, `${path}.segment`) }
  }
  throw invalid(
    path,
    'expected one of "all", "any", "not", "metric", "event", "attribute", "cdp_segment", "segment"',
  )
}

function nonEmptyText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    throw invalid(path, 'expected a non-empty string of at most 200 characters')
  return value
}

function parseOp(value: unknown, path: string): ComparisonOp {
  if (typeof value !== 'string' || !(COMPARISON_OPS as readonly string[]).includes(value))
    throw invalid(path, `expected one of ${COMPARISON_OPS.join(' ')}`)
  return value as ComparisonOp
}

function parseWithin(value: unknown, path: string): Within | undefined {
  if (value === undefined) return undefined
  const match = typeof value === 'string' ? WITHIN.exec(value) : null
  if (!match) throw invalid(path, 'expected a window like "90d" (days) or "12h" (hours)')
  const amount = Number(match[1])
  return { text: value as string, ms: amount * (match[2] === 'd' ? 86_400_000 : 3_600_000) }
}

function parseMetric(input: Record<string, unknown>, path: string): Rule {
  only(input, path, ['metric', 'op', 'value', 'within'])
  const id = input.metric
  const definition = metricsForScope('customer').find((d) => d.id === id)
  if (!definition) throw invalid(`${path}.metric`, `unknown customer metric ${JSON.stringify(id)}`)
  const op = parseOp(input.op, `${path}.op`)
  const value = input.value
  const valuePath = `${path}.value`
  if (NUMERIC_UNITS.has(definition.unit)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw invalid(valuePath, `${definition.id} is a number`)
  } else if (definition.unit === 'boolean' || definition.unit === 'label') {
    const type = definition.unit === 'boolean' ? 'boolean' : 'string'
    if (typeof value !== type) throw invalid(valuePath, `${definition.id} is a ${type}`)
    if (op !== '=' && op !== '!=') throw invalid(`${path}.op`, `${definition.id} compares only with = and !=`)
  } else {
    throw invalid(
      `${path}.metric`,
      `${definition.id} is a ${definition.unit}, which a segment rule cannot compare`,
    )
  }
  const within = parseWithin(input.within, `${path}.within`)
  return {
    kind: 'metric',
    definition,
    op,
    value: value as number | string | boolean,
    ...(within && { within }),
  }
}

function parseEvent(input: Record<string, unknown>, path: string): Rule {
  only(input, path, ['event', 'within', 'count', 'where'])
  const event = input.event
  if (typeof event !== 'string' || !EVENT_NAME.test(event) || event.length > 100)
    throw invalid(`${path}.event`, 'expected an event name like "order.paid"')
  const within = parseWithin(input.within, `${path}.within`)
  let count: { op: ComparisonOp; value: number } = { op: '>=', value: 1 }
  if (input.count !== undefined) {
    const at = `${path}.count`
    if (!isObject(input.count)) throw invalid(at, 'expected {"op", "value"}')
    only(input.count, at, ['op', 'value'])
    const op = parseOp(input.count.op, `${at}.op`)
    const value = input.count.value
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1_000_000_000)
      throw invalid(`${at}.value`, 'expected a whole number ≥ 0')
    count = { op, value }
  }
  const where: Record<string, WhereValue> = {}
  if (input.where !== undefined) {
    const at = `${path}.where`
    if (!isObject(input.where)) throw invalid(at, 'expected an object of attribute values')
    const entries = Object.entries(input.where)
    if (entries.length > 20) throw invalid(at, 'at most 20 attribute filters')
    for (const [name, value] of entries) {
      if (!ATTRIBUTE_NAME.test(name)) throw invalid(`${at}.${name}`, 'expected an attribute name')
      const ok =
        (typeof value === 'string' && value.length <= 1000) ||
        (typeof value === 'number' && Number.isSafeInteger(value))
      if (!ok) throw invalid(`${at}.${name}`, 'expected a string or a whole number')
      where[name] = value as WhereValue
    }
  }
  return { kind: 'event', event, ...(within && { within }), count, where }
}

function parseAttribute(input: Record<string, unknown>, path: string): Rule {
  only(input, path, ['attribute', 'op', 'value'])
  const name = input.attribute
  if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name))
    throw invalid(`${path}.attribute`, 'expected a customer field name like "city"')
  const op = parseOp(input.op, `${path}.op`)
  if (op !== '=' && op !== '!=') throw invalid(`${path}.op`, 'customer attributes compare only with = and !=')
  const value = input.value
  const ok =
    (typeof value === 'string' && value.length <= 1000) ||
    (typeof value === 'number' && Number.isSafeInteger(value))
  if (!ok) throw invalid(`${path}.value`, 'expected a string or a whole number')
  return { kind: 'attribute', name, op, value: value as WhereValue }
}

/** True when `left op right` holds (the JS side of a comparison, for a leaf's empty value). */
export function compare(
  left: number | string | boolean,
  op: ComparisonOp,
  right: number | string | boolean,
): boolean {
  switch (op) {
    case '=':
      return left === right
    case '!=':
      return left !== right
    case '>':
      return left > right
    case '>=':
      return left >= right
    case '<':
      return left < right
    case '<=':
      return left <= right
  }
}
