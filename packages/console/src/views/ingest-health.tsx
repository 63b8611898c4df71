/**
 * Ingest health: the server's own figures (GET /v1/ingest/health), read every few seconds. Events
 * per second is the change in accepted + duplicate events between two readings; before a second
 * reading it is the average since the server started.
 */
import { useEffect, useState } from 'preact/hooks'
import type { ApiError } from '../api/api-client.js'
import type { IngestHealth as Health } from '../api/api-types.js'
import { asApiError, useClient } from '../api/use-api.js'
import { KpiTile } from '../components/kpi-tile.js'
import { ErrorNote, Loading } from '../components/status.js'
import { TimeSeriesChart } from '../components/time-series-chart.js'
import { formatDuration, formatNumber } from '../format.js'

const POLL_MS = 5000
const KEEP_READINGS = 60

interface Reading {
  health: Health
  eventsPerSecond: number
}

export function IngestHealth() {
  const client = useClient()
  const [readings, setReadings] = useState<Reading[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const read = async () => {
      try {
        const health = await client.get<Health>('/v1/ingest/health')
        if (stopped) return
        setError(null)
        setReadings((list) =>
          [...list, { health, eventsPerSecond: rate(list.at(-1)?.health, health) }].slice(-KEEP_READINGS),
        )
      } catch (e) {
        if (!stopped) setError(asApiError(e))
      }
      if (!stopped) timer = setTimeout(read, POLL_MS)
    }
    void read()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [client])
  const latest = readings.at(-1)
  return (
    <section aria-labelledby="ingest-title">
      <header class="view-header">
        <h1 id="ingest-title">Ingest health</h1>
        <p class="muted">
          This server process since it started (every tenant it serves); read every {POLL_MS / 1000} s.
        </p>
      </header>
      {error && <ErrorNote error={error} what="ingest health" />}
      {!latest && !error && <Loading what="ingest health" />}
      {latest && <HealthFigures reading={latest} />}
      {readings.length > 1 && (
        <TimeSeriesChart
          title="Events per second"
          times={readings.map((r) => Date.parse(r.health.at))}
          series={[
            { id: 'events_per_second', label: 'events/s', values: readings.map((r) => r.eventsPerSecond) },
          ]}
        />
      )}
    </section>
  )
}

function rate(previous: Health | undefined, current: Health): number {
  const total = (h: Health) => h.events.accepted + h.events.duplicates
  if (!previous) return current.uptime_seconds > 0 ? total(current) / current.uptime_seconds : 0
  const seconds = (Date.parse(current.at) - Date.parse(previous.at)) / 1000
  return seconds > 0 ? Math.max(0, total(current) - total(previous)) / seconds : 0
}

function HealthFigures({ reading }: { reading: Reading }) {
  const { health } = reading
  const lag = health.commit_lag
  const sla = lag.sla_seconds
  const within = (q: number | null) => q === null || q <= sla
  return (
    <>
      <div class="tiles">
        <KpiTile
          id="events_per_second"
          title="Events per second"
          value={Number(reading.eventsPerSecond.toFixed(2))}
        />
        <KpiTile id="accepted" title="Accepted" value={health.events.accepted} unit="count" />
        <KpiTile id="duplicates" title="Duplicates" value={health.events.duplicates} unit="count" />
        <KpiTile
          id="conflicts"
          title="Conflicts (same id, other content)"
          value={health.events.conflicts}
          unit="count"
        />
        <KpiTile id="rejected" title="Rejected" value={health.events.rejected} unit="count" />
      </div>
      <section class="panel wide" aria-labelledby="lag-title">
        <h2 id="lag-title">Commit lag against the {sla} s SLA</h2>
        <p>
          p50 <strong>{lag.p50_seconds === null ? '—' : formatDuration(lag.p50_seconds)}</strong> · p99{' '}
          <strong>{lag.p99_seconds === null ? '—' : formatDuration(lag.p99_seconds)}</strong> ·{' '}
          {formatNumber(lag.over_sla)} of {formatNumber(lag.count)} events over the SLA
        </p>
        <p
          class={within(lag.p99_seconds) ? 'ok' : 'error'}
          data-sla={within(lag.p99_seconds) ? 'met' : 'missed'}
        >
          {lag.count === 0
            ? 'No events committed since the server started.'
            : within(lag.p99_seconds)
              ? `Within the SLA: 99% of events are committed within ${sla} s of their timestamp.`
              : `Over the SLA: p99 lag is above ${sla} s (backfilled or late events count too).`}
        </p>
      </section>
      <section class="panel wide" aria-labelledby="rejects-title">
        <h2 id="rejects-title">Rejects by reason</h2>
        {health.rejects_by_reason.length === 0 ? (
          <p class="muted">No event rejected since the server started.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Reason (first error code)</th>
                <th scope="col" class="num">
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              {health.rejects_by_reason.map((r) => (
                <tr key={r.reason}>
                  <td>{r.reason}</td>
                  <td class="num">{formatNumber(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
