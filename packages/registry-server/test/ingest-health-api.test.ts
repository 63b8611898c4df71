/** GET /v1/ingest/health on a real server: the ingest counters of /metrics as JSON for a read key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { histogramQuantile } from '../src/observability/ingest-health.js'
import { makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const sqlite = STORES.find((flavour) => flavour.name === 'sqlite')!

describe('GET /v1/ingest/health', () => {
  let server: TestServer
  let writeKey: string
  let readKey: string

  beforeAll(async () => {
    server = await startTestServer(sqlite)
    writeKey = await server.writeKey('acme')
    readKey = await server.readKey('acme', 'admin')
  })
  afterAll(async () => server?.close())

  it('counts accepted, duplicate and rejected events, rejects by reason and the commit lag', async () => {
    const before = (await server.get('/v1/ingest/health', readKey)).body
    expect(before.events).toEqual({ accepted: 0, duplicates: 0, conflicts: 0, rejected: 0 })
    expect(before.commit_lag).toMatchObject({
      sla_seconds: 5,
      count: 0,
      p50_seconds: null,
      p99_seconds: null,
    })

    const fresh = makeEvent('customer.created', { company: 'acme', customer: 'c1' })
    const stale = makeEvent('customer.created', {
      company: 'acme',
      customer: 'c2',
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    })
    const unknown = { ...makeEvent('customer.created', { company: 'acme' }), event_name: 'no.such_event' }
    const wrongType = makeEvent('customer.created', { company: 'acme', customer: 'c3' })
    wrongType.event_timestamp = 42 as unknown as string
    const first = await server.post(
      '/v1/events',
      { events: [fresh, stale, unknown, wrongType] },
      { key: writeKey },
    )
    expect(first.body).toMatchObject({ accepted: 2 })
    expect(first.body.rejected).toHaveLength(2)
    await server.post('/v1/events', { events: [fresh] }, { key: writeKey })

    const res = await server.get('/v1/ingest/health', readKey)
    expect(res.status).toBe(200)
    expect(res.body.events).toEqual({ accepted: 2, duplicates: 1, conflicts: 0, rejected: 2 })
    const reasons = first.body.rejected.map((r: { errors: { code: string }[] }) => r.errors[0]!.code).sort()
    expect(res.body.rejects_by_reason.map((r: { reason: string }) => r.reason).sort()).toEqual(
      [...new Set(reasons)].sort(),
    )
    expect(res.body.rejects_by_reason.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(2)
    // One event committed at once, one a minute late: the median sits low, p99 past the SLA.
    expect(res.body.commit_lag).toMatchObject({ count: 2, over_sla: 1 })
    expect(res.body.commit_lag.p50_seconds).toBeLessThan(5)
    expect(res.body.commit_lag.p99_seconds).toBeGreaterThan(5)
    expect(Date.parse(res.body.at)).toBeGreaterThanOrEqual(Date.parse(before.at))
    expect(res.body.uptime_seconds).toBeGreaterThan(0)
  })

  it('needs an admin read key: 401 without one, 403 for a write key or another role', async () => {
    expect((await server.get('/v1/ingest/health')).status).toBe(401)
    // The figures cover every tenant: another company's analyst must not read them.
    const analyst = await server.readKey('other_co', 'analyst')
    expect((await server.get('/v1/ingest/health', analyst)).status).toBe(403)
    const res = await server.get('/v1/ingest/health', writeKey)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
  })

  it('is in the OpenAPI document', async () => {
    const openapi = (await server.get('/openapi.json')).body
    expect(Object.keys(openapi.paths)).toContain('/v1/ingest/health')
  })
})

describe('histogramQuantile', () => {
  const buckets = [
    { le: 1, count: 50 },
    { le: 5, count: 90 },
    { le: 10, count: 100 },
    { le: Number.POSITIVE_INFINITY, count: 100 },
  ]

  it('interpolates inside the bucket the rank falls in', () => {
    expect(histogramQuantile(0.5, buckets)).toBe(1)
    expect(histogramQuantile(0.7, buckets)).toBe(3)
    expect(histogramQuantile(0.95, buckets)).toBe(7.5)
  })

  it('is null for an empty histogram and the lower bound in the open top bucket', () => {
    expect(histogramQuantile(0.5, [])).toBeNull()
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 0 },
        { le: Number.POSITIVE_INFINITY, count: 4 },
      ]),
    ).toBe(1)
  })
})
