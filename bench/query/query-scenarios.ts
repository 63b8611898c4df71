/**
 * The reads the query bench measures. Each scenario is ONE entry of `SCENARIOS`: the HTTP request
 * (through the server, with auth, validation, PII masking and JSON) and the same question as
 * plain SQL written by hand for each store, on the same data — the ratio of the two is what the
 * layer costs. To measure a new read, add an entry (see the marked place at the end of the list).
 */
import { DATASET } from './query-dataset.js'

const DAY_MS = 86_400_000

export interface ScenarioContext {
  companyId: string
  /** The data set's last moment, ms. */
  end: number
  /** The customer of the i-th request: spread evenly and seeded over every customer. */
  customer(i: number): string
  /** An email of that customer (as the demo writes it; the search scenario finds by it). */
  email(i: number): Promise<string>
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

/** A statement with positional parameters: `?` on SQLite, `$1…` on PostgreSQL. */
export interface HandQuery {
  sql: string
  params: unknown[]
}

export interface Scenario {
  id: string
  /** What the table says. */
  label: string
  /** p99 target, ms. */
  targetP99Ms: number
  /** Timed requests (after `warmup` untimed ones); each picks its own customer. */
  requests: number
  warmup: number
  http(ctx: ScenarioContext, i: number): Promise<HttpRequest> | HttpRequest
  /** The same question by hand; several statements run one after another. */
  hand: {
    sqlite(ctx: ScenarioContext, i: number): Promise<HandQuery[]> | HandQuery[]
    postgres(ctx: ScenarioContext, i: number): Promise<HandQuery[]> | HandQuery[]
  }
  /** What the hand query answers, when it is less than the endpoint does. */
  handNote: string
}

const iso = (ms: number) => new Date(ms).toISOString()
const PER_CUSTOMER = { targetP99Ms: 50, requests: 100, warmup: 10 } as const
const COMPANY_WIDE = { targetP99Ms: 1_000, requests: 5, warmup: 1 } as const

/** The PRD's "2+ tickets and no purchase in 90 days". */
export const PRD_RULE = {
  all: [
    { metric: 'ticketing.tickets_total', op: '>=', value: 2 },
    { not: { event: 'order.paid', within: '90d' } },
  ],
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'customer-metrics',
    label: 'customer metrics (`GET /v1/customers/{id}/metrics`)',
    ...PER_CUSTOMER,
    http: (ctx, i) => ({
      method: 'GET',
      path: `/v1/customers/${ctx.customer(i)}/metrics?to=${iso(ctx.end)}`,
    }),
    hand: {
      sqlite: (ctx, i) => [
        {
          sql: `SELECT e.event_name, count(*) AS n, sum(json_extract(e.body, '$.event_attributes.paid_amount')) AS paid,
                  max(e.event_ts) AS last_ts
                FROM customer_timeline t JOIN events e ON e.seq = t.seq
                WHERE t.company_id = ? AND t.customer_id = ? AND t.event_ts < ? GROUP BY e.event_name`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
      ],
      postgres: (ctx, i) => [
        {
          sql: `SELECT event_name, count(*) AS n, sum((body -> 'event_attributes' ->> 'paid_amount')::float8) AS paid,
                  max(event_ts) AS last_ts
                FROM events WHERE company_id = $1 AND customer_id = $2 AND event_ts < to_timestamp($3 / 1000.0)
                GROUP BY event_name`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
      ],
    },
    handNote: "one pass over the customer's events: count, paid amount and last time per event name",
  },
  {
    id: 'profile',
    label: 'profile (`GET /v1/customers/{id}`)',
    ...PER_CUSTOMER,
    http: (ctx, i) => ({ method: 'GET', path: `/v1/customers/${ctx.customer(i)}` }),
    hand: {
      sqlite: (ctx, i) => {
        const p = [ctx.companyId, ctx.customer(i)]
        return [
          { sql: 'SELECT kind, value FROM identities WHERE company_id = ? AND customer_id = ?', params: p },
          {
            sql: `SELECT e.body FROM customer_timeline t JOIN events e ON e.seq = t.seq
                  WHERE t.company_id = ? AND t.customer_id = ?
                    AND e.event_name IN ('customer.created', 'customer.updated') ORDER BY t.event_ts`,
            params: p,
          },
          {
            sql: `SELECT event_name, events_count, first_event_ts, last_event_ts FROM customer_aggregates
                  WHERE company_id = ? AND customer_id = ?`,
            params: p,
          },
        ]
      },
      postgres: (ctx, i) => {
        const p = [ctx.companyId, ctx.customer(i)]
        return [
          { sql: 'SELECT kind, value FROM identities WHERE company_id = $1 AND customer_id = $2', params: p },
          {
            sql: `SELECT body FROM events WHERE company_id = $1 AND customer_id = $2
                    AND event_name IN ('customer.created', 'customer.updated') ORDER BY event_ts`,
            params: p,
          },
          {
            sql: `SELECT event_name, events_count, first_event_ts, last_event_ts FROM customer_aggregates
                  WHERE company_id = $1 AND customer_id = $2`,
            params: p,
          },
        ]
      },
    },
    handNote:
      'identifiers, the CDP attribute events and the per-event-name aggregates (no metrics, no health)',
  },
  {
    id: 'timeline',
    label: 'timeline page (`GET /v1/customers/{id}/timeline`, 50 events)',
    ...PER_CUSTOMER,
    http: (ctx, i) => ({ method: 'GET', path: `/v1/customers/${ctx.customer(i)}/timeline?limit=50` }),
    hand: {
      sqlite: (ctx, i) => [
        {
          sql: `SELECT e.event_id, e.event_name, e.event_ts, e.body
                FROM customer_timeline t JOIN events e ON e.seq = t.seq
                WHERE t.company_id = ? AND t.customer_id = ? ORDER BY t.event_ts DESC, t.seq DESC LIMIT 50`,
          params: [ctx.companyId, ctx.customer(i)],
        },
      ],
      postgres: (ctx, i) => [
        {
          sql: `SELECT event_id, event_name, event_ts, body FROM events
                WHERE company_id = $1 AND customer_id = $2 ORDER BY event_ts DESC, event_id DESC LIMIT 50`,
          params: [ctx.companyId, ctx.customer(i)],
        },
      ],
    },
    handNote: 'the 50 newest events, unmasked',
  },
  {
    id: 'search',
    label: 'customer search by email (`GET /v1/customers?q=`)',
    ...PER_CUSTOMER,
    http: async (ctx, i) => ({
      method: 'GET',
      path: `/v1/customers?q=${encodeURIComponent(await ctx.email(i))}`,
    }),
    hand: {
      sqlite: async (ctx, i) => [
        {
          sql: "SELECT customer_id FROM identities WHERE company_id = ? AND kind = 'email' AND value = ?",
          params: [ctx.companyId, await ctx.email(i)],
        },
      ],
      postgres: async (ctx, i) => [
        {
          sql: "SELECT customer_id FROM identities WHERE company_id = $1 AND kind = 'email' AND value = $2",
          params: [ctx.companyId, await ctx.email(i)],
        },
      ],
    },
    handNote: 'the exact identifier lookup only (the endpoint also matches id prefixes and attribute text)',
  },
  {
    id: 'company-metrics',
    label: 'company metrics, 6 months (`GET /v1/metrics`)',
    ...COMPANY_WIDE,
    http: (ctx) => ({
      method: 'GET',
      path: `/v1/metrics?from=${iso(ctx.end - DATASET.days * DAY_MS)}&to=${iso(ctx.end)}`,
    }),
    hand: {
      sqlite: (ctx) => [
        {
          sql: `SELECT event_name, count(*) AS n, count(DISTINCT customer_id) AS customers,
                  sum(json_extract(body, '$.event_attributes.paid_amount')) AS paid
                FROM events WHERE company_id = ? AND event_ts >= ? AND event_ts < ? GROUP BY event_name`,
          params: [ctx.companyId, ctx.end - DATASET.days * DAY_MS, ctx.end],
        },
      ],
      postgres: (ctx) => [
        {
          sql: `SELECT event_name, count(*) AS n, count(DISTINCT customer_id) AS customers,
                  sum((body -> 'event_attributes' ->> 'paid_amount')::float8) AS paid
                FROM events WHERE company_id = $1 AND event_ts >= to_timestamp($2 / 1000.0)
                  AND event_ts < to_timestamp($3 / 1000.0) GROUP BY event_name`,
          params: [ctx.companyId, ctx.end - DATASET.days * DAY_MS, ctx.end],
        },
      ],
    },
    handNote: 'per event name: events, distinct customers, paid amount (no cohorts, modes or attribution)',
  },
  {
    id: 'segment-preview',
    label: 'segment preview, PRD rule over all customers (`POST /v1/segments/preview`)',
    ...COMPANY_WIDE,
    http: () => ({ method: 'POST', path: '/v1/segments/preview', body: { rule: PRD_RULE } }),
    hand: {
      sqlite: (ctx) => [
        {
          sql: `SELECT count(*) AS n FROM (
                  SELECT customer_id FROM events
                  WHERE company_id = ? AND event_name = 'ticket.created' AND customer_id IS NOT NULL
                  GROUP BY customer_id HAVING count(DISTINCT json_extract(body, '$.event_attributes.ticket_id')) >= 2
                  EXCEPT
                  SELECT customer_id FROM events
                  WHERE company_id = ? AND event_name = 'order.paid' AND event_ts >= ?)`,
          params: [ctx.companyId, ctx.companyId, Date.now() - 90 * DAY_MS],
        },
      ],
      postgres: (ctx) => [
        {
          sql: `SELECT count(*) AS n FROM (
                  SELECT customer_id FROM events
                  WHERE company_id = $1 AND event_name = 'ticket.created' AND customer_id IS NOT NULL
                  GROUP BY customer_id HAVING count(DISTINCT body -> 'event_attributes' ->> 'ticket_id') >= 2
                  EXCEPT
                  SELECT customer_id FROM events
                  WHERE company_id = $1 AND event_name = 'order.paid' AND event_ts >= to_timestamp($2 / 1000.0)) m`,
          params: [ctx.companyId, Date.now() - 90 * DAY_MS],
        },
      ],
    },
    handNote: 'the member count only (the endpoint also returns the first page of members)',
  },
  {
    id: 'memory',
    label: 'agent memory (`GET /v1/customers/{id}/memory`, 2,000 characters)',
    ...PER_CUSTOMER,
    http: (ctx, i) => ({
      method: 'GET',
      path: `/v1/customers/${ctx.customer(i)}/memory?max_chars=2000&as_of=${iso(ctx.end)}`,
    }),
    hand: {
      sqlite: (ctx, i) => [
        {
          sql: `SELECT e.event_name, count(*) AS n, max(e.event_ts) AS last_ts
                FROM customer_timeline t JOIN events e ON e.seq = t.seq
                WHERE t.company_id = ? AND t.customer_id = ? AND t.event_ts < ? GROUP BY e.event_name`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
        {
          sql: `SELECT e.event_name, e.event_ts, e.body FROM customer_timeline t JOIN events e ON e.seq = t.seq
                WHERE t.company_id = ? AND t.customer_id = ? AND t.event_ts < ?
                ORDER BY t.event_ts DESC, t.seq DESC LIMIT 10`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
      ],
      postgres: (ctx, i) => [
        {
          sql: `SELECT event_name, count(*) AS n, max(event_ts) AS last_ts FROM events
                WHERE company_id = $1 AND customer_id = $2 AND event_ts < to_timestamp($3 / 1000.0)
                GROUP BY event_name`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
        {
          sql: `SELECT event_name, event_ts, body FROM events
                WHERE company_id = $1 AND customer_id = $2 AND event_ts < to_timestamp($3 / 1000.0)
                ORDER BY event_ts DESC, event_id DESC LIMIT 10`,
          params: [ctx.companyId, ctx.customer(i), ctx.end],
        },
      ],
    },
    handNote: 'counts and last time per event name, and the 10 newest events (no metrics, health or text)',
  },
  // ── Add a scenario here: one entry (id, label, target, http request, hand SQL for each store). ──
]
