/** A finalized column as the JSON value of its definition's unit, or the definition's empty value. */
import type { MetricDefinition } from '@cebe/schemas'
import type { ReadSide } from '../../storage/read-side.js'

/**
 * Fifteen significant digits: sums of decimals added in another order (each store scans in its
 * own order) differ in the last bits of a double; rounding there makes both stores, and every
 * arrival order, print the same number.
 */
export function canonicalNumber(value: number): number {
  if (Number.isInteger(value)) return value === 0 ? 0 : value
  const rounded = Number(value.toPrecision(15))
  return rounded === 0 ? 0 : rounded
}

export function decodeMetricValue(definition: MetricDefinition, raw: unknown, read: ReadSide): unknown {
  const value = raw === null || raw === undefined ? null : decodeByUnit(definition, raw, read)
  return value ?? emptyValueOf(definition)
}

export function emptyValueOf(definition: MetricDefinition): unknown {
  const empty = definition.emptyValue
  if (Array.isArray(empty)) return []
  if (empty !== null && typeof empty === 'object') return {}
  return empty
}

/** True when a value is not its metric's empty value (a count or sum above 0, or non-null). */
export function isNonEmpty(definition: MetricDefinition, value: unknown): boolean {
  if (value === null || value === false || value === 0 || value === 'unknown') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value as object).length > 0
  return definition.emptyValue !== value
}

function decodeByUnit(definition: MetricDefinition, raw: unknown, read: ReadSide): unknown {
  switch (definition.unit) {
    case 'boolean':
      return Number(raw) !== 0
    case 'label':
      return String(raw)
    case 'ids':
    case 'list':
      return read.decodeJson(raw)
    case 'counts_by': {
      const object = read.decodeJson(raw) as Record<string, unknown> | null
      if (object === null) return null
      const entries = Object.entries(object)
        .map(([key, count]) => [key, Number(count)] as const)
        .filter(([, count]) => count > 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return Object.fromEntries(entries)
    }
    default:
      return canonicalNumber(Number(raw))
  }
}
