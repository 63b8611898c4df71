/** A page of customer summaries (search hits, segment members), each linking to its 360 view. */
import type { CustomerSummary } from '../api/api-types.js'
import { formatTime } from '../format.js'
import { hrefOf } from '../router.js'

export function CustomerTable({ caption, customers }: { caption: string; customers: CustomerSummary[] }) {
  if (customers.length === 0) return <p class="muted">No customers.</p>
  return (
    <div class="table-scroll">
      <table class="customers">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Name</th>
            <th scope="col">Identifiers</th>
            <th scope="col">Last event</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.customer_id} data-customer={c.customer_id}>
              <td>
                <a href={hrefOf({ view: 'customer', id: c.customer_id })}>{c.customer_id}</a>
              </td>
              <td class="pii">{c.display_name ?? '—'}</td>
              <td class="pii">
                {c.identifiers.map((i) => (
                  <span class="identifier" key={`${i.kind}:${i.value}`}>
                    <span class="muted">{i.kind}</span> {i.value}
                  </span>
                ))}
              </td>
              <td>{formatTime(c.last_event_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Previous / next over cursor pages: the cursors already visited are kept to go back. */
export function Pager({
  page,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
}) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" onClick={onPrevious} disabled={page === 0}>
        Previous page
      </button>
      <span aria-live="polite">Page {page + 1}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next page
      </button>
    </nav>
  )
}
