/** One metric as a tile: its METRICS.md title and its value, the raw value kept in `data-value`. */
import { formatValue } from '../format.js'
import type { MetricUnit } from '../metric-catalog.js'

export function KpiTile({
  id,
  title,
  value,
  unit,
}: {
  id: string
  title: string
  value: unknown
  unit?: MetricUnit
}) {
  return (
    <div class="tile" data-metric={id} data-value={JSON.stringify(value ?? null)} title={id}>
      <span class="tile-title">{title}</span>
      <span class="tile-value">{formatValue(value, unit)}</span>
    </div>
  )
}
