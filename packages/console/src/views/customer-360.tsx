/**
 * Customer 360: the profile (GET /v1/customers/{id}) — identifiers, attributes, segments, loyalty,
 * the health score with its factors drawn, module metrics — the timeline, and the agent memory
 * (GET /v1/customers/{id}/memory) when the server offers it; the panel is left out otherwise.
 */
import type { CustomerProfile } from '../api/api-types.js'
import { useApi } from '../api/use-api.js'
import { HealthBars } from '../components/health-bars.js'
import { ErrorNote, Loading } from '../components/status.js'
import { formatTime, formatValue } from '../format.js'
import { customerMetric, metricModule } from '../metric-catalog.js'
import { hrefOf } from '../router.js'
import { Timeline } from './timeline.js'

export function Customer360({ id }: { id: string }) {
  const profile = useApi((api) => api.get<CustomerProfile>(`/v1/customers/${encodeURIComponent(id)}`), [id])
  return (
    <section aria-labelledby="customer-title">
      <p>
        <a href={hrefOf({ view: 'customers' })}>← Customers</a>
      </p>
      {profile.state === 'loading' && <Loading what={`customer ${id}`} />}
      {profile.state === 'error' && <ErrorNote error={profile.error} what={`customer ${id}`} />}
      {profile.state === 'ready' && <Profile profile={profile.data} />}
      <Memory id={id} />
      <Timeline customerId={id} />
    </section>
  )
}

function Profile({ profile }: { profile: CustomerProfile }) {
  const byModule = new Map<string, string[]>()
  for (const metricId of Object.keys(profile.metrics)) {
    const module = metricModule(metricId)
    byModule.set(module, [...(byModule.get(module) ?? []), metricId])
  }
  return (
    <>
      <header class="view-header">
        <h1 id="customer-title">
          <span class="pii">{profile.display_name ?? profile.customer_id}</span>{' '}
          <span class="muted">{profile.customer_id}</span>
        </h1>
        <p class="muted">
          {profile.events_total} events · first seen {formatTime(profile.first_seen)} · last seen{' '}
          {formatTime(profile.last_seen)}
        </p>
      </header>
      <div class="panels">
        <section class="panel" aria-labelledby="identity-title">
          <h2 id="identity-title">Identity</h2>
          <dl class="facts pii" data-panel="identifiers">
            {profile.identifiers.map((i) => (
              <div key={`${i.kind}:${i.value}`}>
                <dt>{i.kind}</dt>
                <dd data-identifier={i.kind}>{i.value}</dd>
              </div>
            ))}
            {Object.entries(profile.attributes).flatMap(([group, fields]) =>
              Object.entries(fields ?? {}).map(([name, value]) => (
                <div key={`${group}.${name}`}>
                  <dt>{name}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              )),
            )}
          </dl>
        </section>
        <section class="panel" aria-labelledby="membership-title">
          <h2 id="membership-title">Segments and loyalty</h2>
          <p>
            Segments:{' '}
            {profile.segments.length === 0
              ? 'none'
              : profile.segments
                  .map(
                    (s) =>
                      (s as { segment_name?: string; segment_id?: string }).segment_name ??
                      (s as { segment_id?: string }).segment_id,
                  )
                  .join(', ')}
          </p>
          <p>
            Loyalty:{' '}
            {profile.loyalty.member
              ? `${profile.loyalty.tier ?? 'member'} · ${formatValue(profile.loyalty.available_points, 'points')} points`
              : 'not a member'}
          </p>
          <p>Events by module: {formatValue(profile.event_counts)}</p>
        </section>
        {profile.health && (
          <section class="panel" aria-labelledby="health-title">
            <h2 id="health-title">Health</h2>
            <HealthBars score={profile.health.score} factors={profile.health.factors} />
          </section>
        )}
      </div>
      <section class="panel wide" aria-labelledby="metrics-title">
        <h2 id="metrics-title">Module metrics (all history)</h2>
        <div class="metric-groups">
          {[...byModule].map(([module, ids]) => (
            <div key={module} class="metric-group">
              <h3>{module}</h3>
              <dl class="facts">
                {ids.map((metricId) => (
                  <div key={metricId} data-metric={metricId}>
                    <dt title={metricId}>{customerMetric(metricId)?.title ?? metricId}</dt>
                    <dd>{formatValue(profile.metrics[metricId], customerMetric(metricId)?.unit)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      </section>
    </>
  )
}

function Memory({ id }: { id: string }) {
  const memory = useApi((api) => api.get<unknown>(`/v1/customers/${encodeURIComponent(id)}/memory`), [id])
  if (memory.state !== 'ready') return null
  return (
    <section class="panel wide" aria-labelledby="memory-title" data-panel="memory">
      <h2 id="memory-title">Agent memory</h2>
      <pre class="memory">{memoryText(memory.data)}</pre>
    </section>
  )
}

/** The memory's text when it has one (`text`, `summary` or `memory`), else the document itself. */
function memoryText(data: unknown): string {
  if (typeof data === 'string') return data
  const record = (data ?? {}) as Record<string, unknown>
  for (const field of ['text', 'summary', 'memory'])
    if (typeof record[field] === 'string') return record[field] as string
  return JSON.stringify(data, null, 2)
}
