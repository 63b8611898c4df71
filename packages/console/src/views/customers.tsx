/**
 * Customers: search by id, identifier or attribute (GET /v1/customers?q=), filtered by a CDP
 * segment (`segment=`), paged. The segments offered are those the event feed has seen customers
 * enter (there is no list endpoint of CDP segments).
 */
import { useEffect, useState } from 'preact/hooks'
import type { CustomerPage, TimelinePage } from '../api/api-types.js'
import { useApi } from '../api/use-api.js'
import { CustomerTable, Pager } from '../components/customer-table.js'
import { ErrorNote, Loading } from '../components/status.js'
import { useCursorPages } from '../use-cursor-pages.js'

const PAGE_SIZE = 25

export function Customers() {
  const [draft, setDraft] = useState(() => new URLSearchParams(location.search).get('q') ?? '')
  const [q, setQ] = useState(draft)
  const [segment, setSegment] = useState(() => new URLSearchParams(location.search).get('segment') ?? '')
  const pages = useCursorPages()
  const segments = useApi(
    async (api) =>
      cdpSegments(await api.get<TimelinePage>('/v1/events', { events: ['segment.entered'], limit: 100 })),
    [],
  )
  const result = useApi(
    (api) => api.get<CustomerPage>('/v1/customers', { q, segment, limit: PAGE_SIZE, cursor: pages.cursor }),
    [q, segment, pages.cursor],
  )
  // The search (never the key) is in the address, so a search can be shared and reloaded.
  useEffect(() => {
    const params = new URLSearchParams()
    if (q) params.set('q', q)
    if (segment) params.set('segment', segment)
    const search = params.toString()
    history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`)
  }, [q, segment])
  return (
    <section aria-labelledby="customers-title">
      <header class="view-header">
        <h1 id="customers-title">Customers</h1>
      </header>
      <form
        class="filters"
        aria-label="Search customers"
        onSubmit={(e) => {
          e.preventDefault()
          pages.reset()
          setQ(draft.trim())
        }}
      >
        <label>
          Search{' '}
          <input
            type="search"
            name="q"
            value={draft}
            placeholder="customer id, phone, email, name…"
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <label>
          Segment{' '}
          <select
            name="segment"
            value={segment}
            onChange={(e) => {
              pages.reset()
              setSegment(e.currentTarget.value)
            }}
          >
            <option value="">All customers</option>
            {segments.state === 'ready' &&
              segments.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {result.state === 'loading' && <Loading what="customers" />}
      {result.state === 'error' && <ErrorNote error={result.error} what="customers" />}
      {result.state === 'ready' && (
        <>
          <CustomerTable
            caption={q ? `Customers matching “${q}”` : 'Customers'}
            customers={result.data.customers}
          />
          <Pager
            page={pages.page}
            hasNext={result.data.next_cursor !== null}
            onPrevious={pages.previous}
            onNext={() => result.data.next_cursor && pages.next(result.data.next_cursor)}
          />
        </>
      )}
    </section>
  )
}

/** Distinct CDP segments named by `segment.entered` events, by name. */
function cdpSegments(page: TimelinePage): { id: string; name: string }[] {
  const byId = new Map<string, string>()
  for (const event of page.events) {
    const id = event.event_attributes?.segment_id
    const name = event.event_attributes?.segment_name
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, typeof name === 'string' ? name : id)
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
}
