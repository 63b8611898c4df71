/** How the console writes values: by the metric's unit from @cebe/schemas' definitions. */
import type { MetricUnit } from '@cebe/schemas'

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 })

export function formatValue(value: unknown, unit?: MetricUnit | string): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `${value.length} items`
  if (typeof value === 'object')
    return (
      Object.entries(value as Record<string, unknown>)
        .map(([key, v]) => `${key}: ${formatValue(v, 'count')}`)
        .join(', ') || 'none'
    )
  if (typeof value !== 'number') return String(value)
  switch (unit) {
    case 'rate':
    case 'ratio':
      return percent.format(value)
    case 'money':
      return compact.format(value)
    case 'seconds':
      return formatDuration(value)
    case 'count':
    case 'points':
      return integer.format(value)
    default:
      return decimal.format(value)
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${decimal.format(seconds * 1000)} ms`
  if (seconds < 60) return `${decimal.format(seconds)} s`
  if (seconds < 3600) return `${decimal.format(seconds / 60)} min`
  if (seconds < 86_400) return `${decimal.format(seconds / 3600)} h`
  return `${decimal.format(seconds / 86_400)} d`
}

export function formatNumber(value: number): string {
  return decimal.format(value)
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 16)
}
