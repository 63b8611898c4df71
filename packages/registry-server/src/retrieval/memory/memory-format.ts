/**
 * How the memory prints values: locale-free, so the same value gives the same characters on
 * every machine. Numbers group thousands with ",", rates are percentages, seconds a duration.
 */
import type { MetricUnit } from '@cebe/schemas'
import { MASK } from '../../query/pii-policy.js'

/** 1234567.5 → "1,234,567.5"; at most 2 decimals. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100
  const [whole, fraction] = Math.abs(rounded).toString().split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`
}

/** Seconds as the largest whole-ish unit: "45 s", "12 min", "5 h", "3.5 d". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
  ]
  for (const [size, name] of units)
    if (Math.abs(seconds) >= size) return `${formatNumber(Math.round((seconds / size) * 10) / 10)} ${name}`
  return `${formatNumber(Math.round(seconds))} s`
}

/** A signed change: "+1", "-0.5", "0". */
export function formatChange(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value)
}

export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
export const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

/** One line of text: whitespace runs (newlines included) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Whether a masked value carries nothing the role may read (`***`), so printing it wastes space. */
export function isHidden(value: unknown): boolean {
  return value === MASK
}

/** A metric value by its unit; undefined for values the memory does not print (lists, maps). */
export function formatMetric(unit: MetricUnit, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'number') {
    if (unit === 'rate') return `${formatNumber(value * 100)}%`
    if (unit === 'seconds') return formatDuration(value)
    return formatNumber(value)
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return oneLine(value)
  return undefined
}
