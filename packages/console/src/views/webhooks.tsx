/**
 * Webhooks (admin keys): subscriptions with their deliveries by status (GET /v1/webhooks/{id}),
 * the most recent deliveries (GET …/deliveries), dead letters (GET …/dead-letters) and replay
 * (POST …/dead-letters/replay). Other roles see the API's own 403.
 */
import { useState } from 'preact/hooks'
import type { DeadLetter, WebhookSubscription } from '../api/api-types.js'
import { asApiError, useApi, useClient } from '../api/use-api.js'
import { ErrorNote, Loading } from '../components/status.js'
import { formatTime } from '../format.js'

export function Webhooks() {
  const list = useApi((api) => api.get<{ webhooks: WebhookSubscription[] }>('/v1/webhooks'), [])
  return (
    <section aria-labelledby="webhooks-title">
      <header class="view-header">
        <h1 id="webhooks-title">Webhooks</h1>
      </header>
      {list.state === 'loading' && <Loading what="webhooks" />}
      {list.state === 'error' && <ErrorNote error={list.error} what="webhooks" />}
      {list.state === 'ready' && list.data.webhooks.length === 0 && (
        <p class="muted">No subscriptions. Create one with POST /v1/webhooks or `cebe webhooks create`.</p>
      )}
      {list.state === 'ready' && list.data.webhooks.map((w) => <Subscription key={w.id} id={w.id} />)}
    </section>
  )
}

function Subscription({ id }: { id: string }) {
  const [version, setVersion] = useState(0)
  const detail = useApi(
    (api) => api.get<WebhookSubscription & { status?: string }>(`/v1/webhooks/${encodeURIComponent(id)}`),
    [id, version],
  )
  const recent = useApi(
    (api) =>
      api.get<{ deliveries: DeadLetter[]; next_cursor: string | null }>(
        `/v1/webhooks/${encodeURIComponent(id)}/deliveries`,
        { limit: RECENT_DELIVERIES },
      ),
    [id, version],
  )
  const dead = useApi(
    (api) =>
      api.get<{ deliveries: DeadLetter[]; next_cursor: string | null }>(
        `/v1/webhooks/${encodeURIComponent(id)}/dead-letters`,
        { limit: 50 },
      ),
    [id, version],
  )
  if (detail.state === 'loading') return <Loading what={`webhook ${id}`} />
  if (detail.state === 'error') return <ErrorNote error={detail.error} what={`webhook ${id}`} />
  const w = detail.data
  return (
    <section class="panel wide" aria-label={`Webhook ${w.url}`} data-webhook={w.id}>
      <h2>{w.url}</h2>
      <p class="muted">
        {w.id} · {w.status ?? 'enabled'} · events {w.events.join(', ')} · created {formatTime(w.created_at)}
      </p>
      <p>
        Deliveries:{' '}
        {Object.entries(w.deliveries ?? {})
          .map(([status, n]) => `${n} ${status}`)
          .join(' · ') || 'none yet'}
      </p>
      <h3>Recent deliveries</h3>
      {recent.state === 'loading' && <Loading what="recent deliveries" />}
      {recent.state === 'error' && <ErrorNote error={recent.error} what="recent deliveries" />}
      {recent.state === 'ready' && <RecentDeliveries deliveries={recent.data.deliveries} />}
      <h3>Dead letters</h3>
      {dead.state === 'loading' && <Loading what="dead letters" />}
      {dead.state === 'error' && <ErrorNote error={dead.error} what="dead letters" />}
      {dead.state === 'ready' && (
        <DeadLetters id={id} letters={dead.data.deliveries} onReplayed={() => setVersion((v) => v + 1)} />
      )}
    </section>
  )
}

const RECENT_DELIVERIES = 20

function RecentDeliveries({ deliveries }: { deliveries: DeadLetter[] }) {
  if (deliveries.length === 0) return <p class="muted">No deliveries yet.</p>
  return (
    <div class="table-scroll">
      <table data-recent-deliveries>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Event</th>
            <th scope="col">State</th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Last answer</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.delivery_id}>
              <td>{d.created_at ? formatTime(d.created_at) : '—'}</td>
              <td>{d.event_name ?? d.event_id}</td>
              <td>{String(d.status ?? '—')}</td>
              <td class="num">{d.attempts ?? '—'}</td>
              <td>{d.last_status ?? d.last_error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function DeadLetters({
  id,
  letters,
  onReplayed,
}: {
  id: string
  letters: DeadLetter[]
  onReplayed: () => void
}) {
  const client = useClient()
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const replay = async (deliveryIds?: string[]) => {
    try {
      const { replayed } = await client.post<{ replayed: number }>(
        `/v1/webhooks/${encodeURIComponent(id)}/dead-letters/replay`,
        deliveryIds ? { delivery_ids: deliveryIds } : {},
      )
      setMessage({ ok: true, text: `${replayed} deliveries sent again.` })
      onReplayed()
    } catch (error) {
      setMessage({ ok: false, text: asApiError(error).message })
    }
  }
  return (
    <>
      {message && (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {letters.length === 0 ? (
        <p class="muted">No dead letters.</p>
      ) : (
        <>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Delivery</th>
                  <th scope="col">Event</th>
                  <th scope="col" class="num">
                    Attempts
                  </th>
                  <th scope="col">Last answer</th>
                  <th scope="col">
                    <span class="visually-hidden">Replay</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {letters.map((d) => (
                  <tr key={d.delivery_id}>
                    <td>{d.delivery_id}</td>
                    <td>{d.event_name ?? d.event_id}</td>
                    <td class="num">{d.attempts ?? '—'}</td>
                    <td>{d.last_status ?? d.last_error ?? '—'}</td>
                    <td>
                      <button type="button" onClick={() => replay([d.delivery_id])}>
                        Replay
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={() => replay()}>
            Replay all dead letters
          </button>
        </>
      )}
    </>
  )
}
