/**
 * The rule builder's model and its translation to the JSON rule of docs/guides/segments.md: a
 * top-level `all` or `any` of conditions, each a metric comparison or an event count in a window,
 * optionally negated (`not`).
 */
import type { MetricDefinition } from '../metric-catalog.js'

export type Op = '=' | '!=' | '>' | '>=' | '<' | '<='
export const OPS: readonly Op[] = ['>=', '>', '=', '!=', '<', '<=']

export interface MetricCondition {
  kind: 'metric'
  key: number
  negate: boolean
  metric: string
  op: Op
  value: string
  within: string
}

export interface EventCondition {
  kind: 'event'
  key: number
  negate: boolean
  event: string
  countOp: Op
  countValue: string
  within: string
}

export type Condition = MetricCondition | EventCondition

export interface RuleDraft {
  combinator: 'all' | 'any'
  conditions: Condition[]
}

export type RuleNode = Record<string, unknown>

/** The JSON rule, or the first thing to fix before it is one. */
export function toRule(
  draft: RuleDraft,
  metricOf: (id: string) => MetricDefinition | undefined,
): { rule: RuleNode } | { problem: string } {
  if (draft.conditions.length === 0) return { problem: 'Add a condition.' }
  const nodes: RuleNode[] = []
  for (const [index, condition] of draft.conditions.entries()) {
    const leaf = condition.kind === 'metric' ? metricLeaf(condition, metricOf) : eventLeaf(condition)
    if (typeof leaf === 'string') return { problem: `Condition ${index + 1}: ${leaf}` }
    nodes.push(condition.negate ? { not: leaf } : leaf)
  }
  return { rule: { [draft.combinator]: nodes } }
}

function metricLeaf(
  c: MetricCondition,
  metricOf: (id: string) => MetricDefinition | undefined,
): RuleNode | string {
  const definition = metricOf(c.metric)
  if (!definition) return 'choose a metric.'
  let value: unknown
  if (definition.unit === 'boolean') {
    if (c.value !== 'true' && c.value !== 'false') return 'the value is true or false.'
    value = c.value === 'true'
  } else if (definition.unit === 'label') {
    if (c.value.trim() === '') return 'enter a value.'
    value = c.value.trim()
  } else {
    value = Number(c.value)
    if (c.value.trim() === '' || !Number.isFinite(value)) return 'the value must be a number.'
  }
  return withWindow({ metric: c.metric, op: c.op, value }, c.within)
}

function eventLeaf(c: EventCondition): RuleNode | string {
  if (!c.event) return 'choose an event.'
  const count = Number(c.countValue)
  if (c.countValue.trim() === '' || !Number.isInteger(count) || count < 0)
    return 'the count must be a whole number ≥ 0.'
  const leaf: RuleNode = { event: c.event }
  if (!(c.countOp === '>=' && count === 1)) leaf.count = { op: c.countOp, value: count }
  return withWindow(leaf, c.within)
}

function withWindow(leaf: RuleNode, within: string): RuleNode {
  return within.trim() ? { ...leaf, within: within.trim() } : leaf
}
