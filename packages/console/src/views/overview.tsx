/**
 * Overview: company metrics (GET /v1/metrics) over a chosen window as KPI tiles per module, each
 * module's key metrics per period as a line chart, and Broadcast by campaign / Ads by platform in
 * sortable tables (group_by).
 */
import { useMemo, useState } from 'preact/hooks'
import type { ApiClient } from '../api/api-client.js'
import type { CompanyMetrics, GroupedMetrics, MetricMap } from '../api/api-types.js'
import { type Loaded, useApi } from '../api/use-api.js'
import { KpiTile } from '../components/kpi-tile.js'
import { type Column, SortableTable } from '../components/sortable-table.js'
import { ErrorNote, Loading } from '../components/status.js'
import { type Series, TimeSeriesChart } from '../components/time-series-chart.js'
import { formatValue } from '../format.js'
import { companyMetric, OVERVIEW_SECTIONS } from '../metric-catalog.js'
import { DEFAULT_WINDOW, type OverviewWindow, WINDOWS, windowRange } from './overview-window.js'

export function Overview() {
  const [window, setWindow] = useState<OverviewWindow>(DEFAULT_WINDOW)
  // The window is fixed when chosen, so every request of one view reads the same [from, to).
  const range = useMemo(() => windowRange(window), [window])
  const totals = useApi(
    (api) => api.get<CompanyMetrics>('/v1/metrics', { from: range.from, to: range.to }),
    [range],
  )
  return (
    <section aria-labelledby="overview-title">
      <header class="view-header">
        <h1 id="overview-title">Overview</h1>
        <label>
          Window{' '}
          <select
            value={window.id}
            onChange={(e) => setWindow(WINDOWS.find((w) => w.id === e.currentTarget.value) ?? DEFAULT_WINDOW)}
          >
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <p class="muted" data-window-from={range.from} data-window-to={range.to}>
          {range.from.slice(0, 10)} to {range.to.slice(0, 10)} (UTC, end exclusive)
        </p>
      </header>
      {totals.state === 'loading' && <Loading what="company metrics" />}
      {totals.state === 'error' && <ErrorNote error={totals.error} what="company metrics" />}
      {totals.state === 'ready' && <Modules metrics={totals.data.metrics} range={range} />}
      {totals.state === 'ready' && <GroupTables from={range.from} to={range.to} />}
    </section>
  )
}

/**
 * The tiles, then the per-period charts: the periods are asked for once the totals have answered,
 * so the tiles (the view's first use) do not queue behind 13 period requests.
 */
function Modules({ metrics, range }: { metrics: MetricMap; range: ReturnType<typeof windowRange> }) {
  const periods = useApi(
    (api) =>
      Promise.all(
        range.periods.map((p) => api.get<CompanyMetrics>('/v1/metrics', { from: p.from, to: p.to })),
      ),
    [range],
  )
  const periodStarts = useMemo(() => range.periods.map((p) => p.startMs), [range])
  return (
    <>
      {OVERVIEW_SECTIONS.map((section) => (
        <ModuleSection
          key={section.id}
          section={section}
          metrics={metrics}
          periods={periods}
          periodStarts={periodStarts}
        />
      ))}
    </>
  )
}

function ModuleSection({
  section,
  metrics,
  periods,
  periodStarts,
}: {
  section: (typeof OVERVIEW_SECTIONS)[number]
  metrics: MetricMap
  periods: Loaded<CompanyMetrics[]>
  periodStarts: number[]
}) {
  const ids = Object.keys(metrics).filter((id) => id.startsWith(section.prefix))
  const series: Series[] = useMemo(
    () =>
      periods.state !== 'ready'
        ? []
        : section.charted.map((id) => ({
            id,
            label: companyMetric(id)?.title ?? id,
            unit: companyMetric(id)?.unit,
            values: periods.data.map((p) => {
              const v = p.metrics[id]
              return typeof v === 'number' ? v : null
            }),
          })),
    [periods, section],
  )
  return (
    <section class="module" aria-labelledby={`module-${section.id}`} data-module={section.id}>
      <h2 id={`module-${section.id}`}>{section.title}</h2>
      <div class="tiles">
        {ids.map((id) => (
          <KpiTile
            key={id}
            id={id}
            title={companyMetric(id)?.title ?? id}
            value={metrics[id]}
            unit={companyMetric(id)?.unit}
          />
        ))}
      </div>
      {periods.state === 'loading' && <Loading what={`${section.title} over time`} />}
      {periods.state === 'error' && <ErrorNote error={periods.error} what={`${section.title} over time`} />}
      {periods.state === 'ready' && (
        <TimeSeriesChart title={`${section.title} per period`} times={periodStarts} series={series} />
      )}
    </section>
  )
}

const CAMPAIGN_COLUMNS = [
  'campaign.sent',
  'campaign.delivery_rate',
  'campaign.replies',
  'campaign.reply_rate',
  'campaign.clicks',
  'campaign.opt_outs',
  'campaign.attributed_revenue',
]
const ADS_COLUMNS = [
  'ads.impressions',
  'ads.clicks',
  'ads.ctr',
  'ads.leads',
  'ads.conversions',
  'ads.spend',
  'ads.cpl',
  'ads.cpa',
  'ads.roas',
]

function GroupTables({ from, to }: { from: string; to: string }) {
  const grouped = useApi(
    (api: ApiClient) =>
      Promise.all([
        api.get<GroupedMetrics>('/v1/metrics', { from, to, group_by: 'campaign_id' }),
        api.get<GroupedMetrics>('/v1/metrics', { from, to, group_by: 'ad_platform' }),
      ]),
    [from, to],
  )
  if (grouped.state === 'loading') return <Loading what="campaigns and ad platforms" />
  if (grouped.state === 'error') return <ErrorNote error={grouped.error} what="campaigns and ad platforms" />
  const [campaigns, platforms] = grouped.data
  return (
    <section class="module" aria-labelledby="groups-title">
      <h2 id="groups-title">By campaign and platform</h2>
      <GroupTable
        caption="Broadcast by campaign"
        keyName="campaign_id"
        groups={campaigns}
        metricIds={CAMPAIGN_COLUMNS}
      />
      <GroupTable
        caption="Ads by platform"
        keyName="ad_platform"
        groups={platforms}
        metricIds={ADS_COLUMNS}
      />
    </section>
  )
}

type Group = GroupedMetrics['groups'][number]

function GroupTable({
  caption,
  keyName,
  groups,
  metricIds,
}: {
  caption: string
  keyName: string
  groups: GroupedMetrics
  metricIds: string[]
}) {
  const columns: Column<Group>[] = useMemo(
    () => [
      {
        id: keyName,
        title: keyName === 'campaign_id' ? 'Campaign' : 'Platform',
        value: (g) => g.key[keyName] ?? '(none)',
      },
      ...metricIds.map((id) => ({
        id,
        title: companyMetric(id)?.title ?? id,
        numeric: true,
        value: (g: Group) => (typeof g.metrics[id] === 'number' ? (g.metrics[id] as number) : null),
        render: (g: Group) => formatValue(g.metrics[id], companyMetric(id)?.unit),
      })),
    ],
    [keyName, metricIds],
  )
  if (groups.groups.length === 0) return <p class="muted">{caption}: nothing in this window.</p>
  return (
    <SortableTable
      caption={caption}
      columns={columns}
      rows={groups.groups}
      rowKey={(g) => g.key[keyName] ?? '(none)'}
      initialSort={{ column: metricIds[0]!, descending: true }}
    />
  )
}
