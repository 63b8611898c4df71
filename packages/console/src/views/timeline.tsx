/**
 * A customer's timeline (GET /v1/customers/{id}/timeline), newest first, filtered by module and
 * event name, paged without end: the next page loads when the list's end scrolls into view, or
 * with the "Load more" button (keyboard and screen readers).
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ApiError } from '../api/api-client.js'
import type { StoredEvent, TimelinePage } from '../api/api-types.js'
import { asApiError, useClient } from '../api/use-api.js'
import { ErrorNote } from '../components/status.js'
import { formatTime } from '../format.js'

const PAGE_SIZE = 25
const MODULES = ['cdp', 'campaign', 'communication', 'ticketing', 'deals', 'conversion', 'loyalty']

interface Filters {
  module: string
  events: string
}

export function Timeline({ customerId }: { customerId: string }) {
  const client = useClient()
  const [filters, setFilters] = useState<Filters>({ module: '', events: '' })
  const [draft, setDraft] = useState<Filters>(filters)
  const [events, setEvents] = useState<StoredEvent[]>([])
  const [next, setNext] = useState<string | null | undefined>(undefined)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const generation = useRef(0)
  const end = useRef<HTMLDivElement>(null)

  const load = async (cursor: string | undefined, reset: boolean) => {
    const mine = reset ? ++generation.current : generation.current
    setLoading(true)
    setError(null)
    try {
      const page = await client.get<TimelinePage>(
        `/v1/customers/${encodeURIComponent(customerId)}/timeline`,
        {
          modules: filters.module ? [filters.module] : undefined,
          events: filters.events
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean),
          limit: PAGE_SIZE,
          cursor,
        },
      )
      if (mine !== generation.current) return
      setEvents((list) => (reset ? page.events : [...list, ...page.events]))
      setNext(page.next_cursor)
    } catch (e) {
      if (mine === generation.current) setError(asApiError(e))
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }

  useEffect(() => {
    setEvents([])
    setNext(undefined)
    void load(undefined, true)
  }, [customerId, filters])

  useEffect(() => {
    const marker = end.current
    if (!marker || !next || loading) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void load(next, false)
    })
    observer.observe(marker)
    return () => observer.disconnect()
  }, [next, loading])

  return (
    <section class="panel wide" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault()
          setFilters({ ...draft })
        }}
      >
        <label for="timeline-module">Module</label>
        <select
          id="timeline-module"
          value={draft.module}
          onChange={(e) => setDraft({ ...draft, module: e.currentTarget.value })}
        >
          <option value="">All modules</option>
          {MODULES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <label for="timeline-events">Events</label>
        <input
          id="timeline-events"
          type="text"
          value={draft.events}
          placeholder="e.g. ticket.created, order.paid"
          onInput={(e) => setDraft({ ...draft, events: e.currentTarget.value })}
        />
        <button type="submit">Filter</button>
      </form>
      <ol class="timeline" aria-label="Events, newest first" data-count={events.length}>
        {events.map((event) => (
          <li key={event.event_id} data-event={event.event_id}>
            <time dateTime={event.event_timestamp}>{formatTime(event.event_timestamp)}</time>
            <span class={`badge module-${event.source_module}`}>{event.source_module}</span>
            <strong>{event.event_name}</strong>
            {event.actor && <span class="muted"> by {event.actor.name ?? event.actor.type}</span>}
            <EventAttributes attributes={event.event_attributes} />
          </li>
        ))}
      </ol>
      {error && <ErrorNote error={error} what="the timeline" />}
      {!loading && events.length === 0 && !error && <p class="muted">No events match.</p>}
      <div ref={end} class="timeline-end">
        {loading && (
          <p class="muted" role="status">
            Loading events…
          </p>
        )}
        {!loading && next && (
          <button type="button" onClick={() => void load(next, false)}>
            Load more events
          </button>
        )}
        {!loading && next === null && events.length > 0 && <p class="muted">Beginning of the timeline.</p>}
      </div>
    </section>
  )
}

function EventAttributes({ attributes }: { attributes: Record<string, unknown> | undefined }) {
  const entries = Object.entries(attributes ?? {})
  if (entries.length === 0) return null
  return (
    <dl class="attributes pii">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  )
}
