/**
 * Segments: a rule builder whose member count follows the rule as it changes (POST
 * /v1/segments/preview, debounced), saving (POST /v1/segments) and the saved segments' members.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { ApiError } from '../api/api-client.js'
import type { SavedSegment, SegmentPage } from '../api/api-types.js'
import { asApiError, useApi, useClient } from '../api/use-api.js'
import { CustomerTable, Pager } from '../components/customer-table.js'
import { ErrorNote, Loading } from '../components/status.js'
import { COMPARABLE_CUSTOMER_METRICS, customerMetric } from '../metric-catalog.js'
import { useCursorPages } from '../use-cursor-pages.js'
import { type Condition, OPS, type Op, type RuleDraft, type RuleNode, toRule } from './segment-rule.js'

const PREVIEW_DELAY_MS = 300
let nextKey = 1

const newMetric = (): Condition => ({
  kind: 'metric',
  key: nextKey++,
  negate: false,
  metric: 'ticketing.tickets_total',
  op: '>=',
  value: '1',
  within: '',
})
const newEvent = (): Condition => ({
  kind: 'event',
  key: nextKey++,
  negate: false,
  event: 'order.paid',
  countOp: '>=',
  countValue: '1',
  within: '90d',
})

export function Segments() {
  const [draft, setDraft] = useState<RuleDraft>(() => ({ combinator: 'all', conditions: [newMetric()] }))
  const [saved, setSaved] = useState(0)
  const built = useMemo(() => toRule(draft, customerMetric), [draft])
  const catalog = useApi((api) => api.get<{ events: { name: string; module: string }[] }>('/v1/schemas'), [])
  const eventNames = catalog.state === 'ready' ? catalog.data.events.map((e) => e.name).sort() : []

  const update = (key: number, change: Partial<Condition>) =>
    setDraft((d) => ({
      ...d,
      conditions: d.conditions.map((c) => (c.key === key ? ({ ...c, ...change } as Condition) : c)),
    }))
  const remove = (key: number) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.filter((c) => c.key !== key) }))

  return (
    <section aria-labelledby="segments-title">
      <header class="view-header">
        <h1 id="segments-title">Segments</h1>
      </header>
      <div class="panels">
        <section class="panel wide" aria-labelledby="builder-title">
          <h2 id="builder-title">Rule</h2>
          <fieldset class="rule">
            <legend>
              Customers matching{' '}
              <select
                aria-label="Combine conditions with"
                value={draft.combinator}
                onChange={(e) => setDraft({ ...draft, combinator: e.currentTarget.value as 'all' | 'any' })}
              >
                <option value="all">all</option>
                <option value="any">any</option>
              </select>{' '}
              of these conditions
            </legend>
            <ol class="conditions">
              {draft.conditions.map((condition, index) => (
                <li key={condition.key} data-condition={index + 1}>
                  <ConditionEditor
                    condition={condition}
                    index={index + 1}
                    eventNames={eventNames}
                    onChange={(change) => update(condition.key, change)}
                    onRemove={() => remove(condition.key)}
                  />
                </li>
              ))}
            </ol>
            <div class="actions">
              <button
                type="button"
                onClick={() => setDraft((d) => ({ ...d, conditions: [...d.conditions, newMetric()] }))}
              >
                Add metric condition
              </button>
              <button
                type="button"
                onClick={() => setDraft((d) => ({ ...d, conditions: [...d.conditions, newEvent()] }))}
              >
                Add event condition
              </button>
            </div>
          </fieldset>
          {'problem' in built ? (
            <p class="error" role="alert">
              {built.problem}
            </p>
          ) : (
            <>
              <Preview rule={built.rule} />
              <details>
                <summary>Rule JSON</summary>
                <pre class="rule-json">{JSON.stringify(built.rule, null, 2)}</pre>
              </details>
              <SaveSegment rule={built.rule} onSaved={() => setSaved((n) => n + 1)} />
            </>
          )}
        </section>
        <SavedSegments refresh={saved} />
      </div>
    </section>
  )
}

function ConditionEditor({
  condition,
  index,
  eventNames,
  onChange,
  onRemove,
}: {
  condition: Condition
  index: number
  eventNames: string[]
  onChange: (change: Partial<Condition>) => void
  onRemove: () => void
}) {
  const label = (what: string) => `Condition ${index}: ${what}`
  return (
    <div class="condition">
      <label>
        <input
          type="checkbox"
          checked={condition.negate}
          onChange={(e) => onChange({ negate: e.currentTarget.checked })}
        />{' '}
        not
      </label>
      {condition.kind === 'metric' ? (
        <>
          <select
            aria-label={label('metric')}
            value={condition.metric}
            onChange={(e) => onChange({ metric: e.currentTarget.value })}
          >
            {COMPARABLE_CUSTOMER_METRICS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
          <OpSelect label={label('comparison')} value={condition.op} onChange={(op) => onChange({ op })} />
          <input
            aria-label={label('value')}
            class="short"
            value={condition.value}
            onInput={(e) => onChange({ value: e.currentTarget.value })}
          />
        </>
      ) : (
        <>
          <span>count of</span>
          <select
            aria-label={label('event')}
            value={condition.event}
            onChange={(e) => onChange({ event: e.currentTarget.value })}
          >
            {(eventNames.includes(condition.event) ? eventNames : [condition.event, ...eventNames]).map(
              (name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ),
            )}
          </select>
          <OpSelect
            label={label('count comparison')}
            value={condition.countOp}
            onChange={(countOp) => onChange({ countOp })}
          />
          <input
            aria-label={label('count')}
            class="short"
            inputMode="numeric"
            value={condition.countValue}
            onInput={(e) => onChange({ countValue: e.currentTarget.value })}
          />
        </>
      )}
      <label>
        within{' '}
        <input
          aria-label={label('window (e.g. 90d or 12h; empty: all history)')}
          class="short"
          placeholder="all time"
          value={condition.within}
          onInput={(e) => onChange({ within: e.currentTarget.value })}
        />
      </label>
      <button type="button" class="link" onClick={onRemove} aria-label={label('remove')}>
        Remove
      </button>
    </div>
  )
}

function OpSelect({ label, value, onChange }: { label: string; value: Op; onChange: (op: Op) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value as Op)}>
      {OPS.map((op) => (
        <option key={op} value={op}>
          {op}
        </option>
      ))}
    </select>
  )
}

function Preview({ rule }: { rule: RuleNode }) {
  const client = useClient()
  const [state, setState] = useState<{
    count?: number
    page?: SegmentPage
    error?: ApiError
    pending: boolean
  }>({
    pending: true,
  })
  const body = JSON.stringify(rule)
  useEffect(() => {
    let current = true
    setState((s) => ({ ...s, pending: true }))
    const timer = setTimeout(() => {
      client.post<SegmentPage>('/v1/segments/preview', { rule: JSON.parse(body) }, { limit: 10 }).then(
        (page) => current && setState({ count: page.count, page, pending: false }),
        (error: unknown) => current && setState({ error: asApiError(error), pending: false }),
      )
    }, PREVIEW_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [client, body])
  return (
    <div class="preview">
      <p class="live-count" aria-live="polite" data-count={state.pending ? '' : String(state.count ?? '')}>
        {state.pending ? 'Counting…' : state.error ? 'No count' : `${state.count} customers match`}
      </p>
      {state.error && <ErrorNote error={state.error} what="the member count" />}
      {state.page && !state.pending && (
        <CustomerTable caption="First members" customers={state.page.members} />
      )}
    </div>
  )
}

function SaveSegment({ rule, onSaved }: { rule: RuleNode; onSaved: () => void }) {
  const client = useClient()
  const [name, setName] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  return (
    <form
      class="filters"
      onSubmit={async (e) => {
        e.preventDefault()
        try {
          const segment = await client.post<SavedSegment>('/v1/segments', { name: name.trim(), rule })
          setMessage({ ok: true, text: `Saved “${segment.name}” as ${segment.id}.` })
          setName('')
          onSaved()
        } catch (error) {
          setMessage({ ok: false, text: asApiError(error).message })
        }
      }}
    >
      <label>
        Name <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit">Save segment</button>
      {message && (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  )
}

function SavedSegments({ refresh }: { refresh: number }) {
  const list = useApi((api) => api.get<{ segments: SavedSegment[] }>('/v1/segments'), [refresh])
  const [open, setOpen] = useState<string | null>(null)
  return (
    <section class="panel wide" aria-labelledby="saved-title">
      <h2 id="saved-title">Saved segments</h2>
      {list.state === 'loading' && <Loading what="segments" />}
      {list.state === 'error' && <ErrorNote error={list.error} what="segments" />}
      {list.state === 'ready' && list.data.segments.length === 0 && <p class="muted">None saved yet.</p>}
      {list.state === 'ready' && (
        <ul class="segment-list">
          {list.data.segments.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                class="link"
                aria-expanded={open === s.id}
                onClick={() => setOpen(open === s.id ? null : s.id)}
              >
                {s.name}
              </button>{' '}
              <span class="muted">{s.id}</span>
              {open === s.id && <Members id={s.id} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Members({ id }: { id: string }) {
  const pages = useCursorPages()
  const members = useApi(
    (api) =>
      api.get<SegmentPage>(`/v1/segments/${encodeURIComponent(id)}/members`, {
        limit: 25,
        cursor: pages.cursor,
      }),
    [id, pages.cursor],
  )
  if (members.state === 'loading') return <Loading what="members" />
  if (members.state === 'error') return <ErrorNote error={members.error} what="members" />
  return (
    <div data-members={id}>
      <p>{members.data.count} members now</p>
      <CustomerTable caption="Members" customers={members.data.members} />
      <Pager
        page={pages.page}
        hasNext={members.data.next_cursor !== null}
        onPrevious={pages.previous}
        onNext={() => members.data.next_cursor && pages.next(members.data.next_cursor)}
      />
    </div>
  )
}
