/** The client against a real HTTP sink on 127.0.0.1: delivery, reports, validation modes, overflow. */
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CebeClient, type CebeError, createClient, type TransportRequest } from '../src/index.js'
import { startSink } from './support/sink-server.js'
import {
  clientOptionsFor,
  customerActor,
  repliedAttributes,
  type Sink,
  storedExactlyOnce,
} from './support/target.js'

let sink: Sink
const clients: CebeClient<'campaign'>[] = []
beforeEach(async () => {
  sink = await startSink()
})
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown({ timeoutMs: 1000 })))
  await sink.close()
})

function client(overrides: Partial<Parameters<typeof createClient<'campaign'>>[0]> = {}) {
  const errors: CebeError[] = []
  const cebe = createClient({ ...clientOptionsFor(sink), onError: (e) => errors.push(e), ...overrides })
  clients.push(cebe)
  return { cebe, errors }
}

const track = (cebe: CebeClient<'campaign'>, extra: Record<string, unknown> = {}) =>
  cebe.track('campaign.replied', {
    qontak_customer_id: 'cust_1',
    actor: customerActor,
    attributes: repliedAttributes,
    trigger_from: 'user',
    ...extra,
  })

describe('delivery to a real HTTP server', () => {
  it('delivers every event exactly once in batches of at most 500, gzipped', async () => {
    const { cebe, errors } = client()
    const ids: string[] = []
    for (let i = 0; i < 1234; i++) ids.push((await track(cebe)).eventId)
    const report = await cebe.flush()
    expect(report).toEqual({ sent: 1234, rejected: 0, dropped: 0, pending: 0 })
    expect(await storedExactlyOnce(sink, ids)).toEqual({ missing: [], duplicated: [], extra: [] })
    expect(sink.requests).toBeGreaterThanOrEqual(3)
    expect(errors).toEqual([])
    expect(cebe.stats).toMatchObject({ tracked: 1234, sent: 1234, queued: 0, inFlightBatches: 0, dropped: 0 })
  })

  it('sends on the timer without an explicit flush', async () => {
    const { cebe } = client({ flushIntervalMs: 10 })
    const sent = new Promise((resolve) => cebe.events.once('sent', resolve))
    const { eventId } = await track(cebe)
    await sent
    expect(sink.storeLog).toEqual([eventId])
  })

  it('keeps a caller-supplied event_id and sets sent_at', async () => {
    const { cebe } = client()
    await track(cebe, { event_id: 'order-42-replied', event_timestamp: '2026-01-01T00:00:00Z' })
    await cebe.flush()
    expect(sink.storeLog).toEqual(['order-42-replied'])
  })

  it('an event the server rejects goes to onError and is not retried; the rest are delivered', async () => {
    const { cebe, errors } = client({ validation: 'off' })
    const good = await track(cebe)
    const bad = await track(cebe, { attributes: { ...repliedAttributes, campaign_cost: 'lots' } })
    const report = await cebe.flush()
    expect(report).toEqual({ sent: 1, rejected: 1, dropped: 0, pending: 0 })
    expect(sink.storeLog).toEqual([good.eventId])
    expect(sink.received.get(bad.eventId)).toBe(1)
    expect(errors.map((e) => [e.code, e.eventIds])).toEqual([['rejected', [bad.eventId]]])
    expect(errors[0]!.validationErrors?.[0]?.path).toBe('/event_attributes/campaign_cost')
  })

  it('a 401 is not retried: the batch is dropped and reported', async () => {
    const { cebe, errors } = client({ writeKey: 'wrong' })
    const { eventId } = await track(cebe)
    const report = await cebe.flush()
    expect(report).toMatchObject({ sent: 0, dropped: 1, pending: 0 })
    expect(errors.map((e) => [e.code, e.status, e.eventIds])).toEqual([['request_refused', 401, [eventId]]])
    expect(cebe.stats.retries).toBe(0)
  })

  it('a 413 splits the batch until it fits', async () => {
    await sink.close()
    sink = await startSink({ maxEventsPerRequest: 100 })
    const { cebe, errors } = client()
    let splits = 0
    cebe.events.on('split', () => splits++)
    const ids: string[] = []
    for (let i = 0; i < 500; i++) ids.push((await track(cebe)).eventId)
    expect((await cebe.flush()).sent).toBe(500)
    expect(await storedExactlyOnce(sink, ids)).toEqual({ missing: [], duplicated: [], extra: [] })
    expect(splits).toBeGreaterThan(0)
    expect(errors).toEqual([])
  })

  it('gives up after the retry budget and reports the events; flush still resolves', async () => {
    await sink.stop()
    const { cebe, errors } = client({ maxRetries: 2 })
    const retried: number[] = []
    cebe.events.on('retried', (r) => retried.push(r.attempt))
    const { eventId } = await track(cebe)
    const report = await cebe.flush()
    expect(report).toMatchObject({ sent: 0, dropped: 1, pending: 0 })
    expect(retried).toEqual([1, 2])
    expect(errors.map((e) => [e.code, e.eventIds])).toEqual([['retries_exhausted', [eventId]]])
    expect(errors[0]!.message).toContain('network error')
  })
})

describe('validation modes', () => {
  const invalid = { ...repliedAttributes, campaign_cost: 'lots' }

  it('throw: an invalid event throws a CebeError with paths and is not queued', () => {
    const { cebe } = client({ validation: 'throw' })
    expect(() => track(cebe, { attributes: invalid })).toThrow(/campaign_cost/)
    expect(cebe.stats).toMatchObject({ invalid: 1, queued: 0 })
  })

  it('report: an invalid event goes to onError and is not sent', async () => {
    const { cebe, errors } = client({ validation: 'report' })
    const result = await track(cebe, { attributes: invalid })
    expect(result.status).toBe('invalid')
    await cebe.flush()
    expect(sink.requests).toBe(0)
    expect(errors.map((e) => e.code)).toEqual(['invalid_event'])
  })

  it('an event over 32 KB is refused at track in every mode', async () => {
    const big = { ...repliedAttributes, reply_content_preview: 'x'.repeat(40_000) }
    const strict = client({ validation: 'throw' }).cebe
    expect(() => track(strict, { attributes: big })).toThrow(/reply_content_preview|32768 bytes/)
    const { cebe, errors } = client({ validation: 'off' })
    expect((await track(cebe, { attributes: big })).status).toBe('invalid')
    expect(errors.map((e) => e.code)).toEqual(['event_too_large'])
  })

  it('track after shutdown is refused and reported', async () => {
    const { cebe, errors } = client({ validation: 'report' })
    await cebe.shutdown()
    expect((await track(cebe)).status).toBe('dropped')
    expect(errors.map((e) => e.code)).toEqual(['client_closed'])
  })
})

describe('bounded queue and overflow policies', () => {
  it('drop-newest keeps the first events and reports each drop, counted once per burst', async () => {
    await sink.stop()
    const { cebe, errors } = client({ maxQueueEvents: 10, overflow: 'drop-newest', maxInFlight: 1 })
    const results = []
    for (let i = 0; i < 25; i++) results.push(track(cebe))
    const statuses = (await Promise.all(results)).map((r) => r.status)
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(10)
    expect(statuses.slice(10).every((s) => s === 'dropped')).toBe(true)
    await Promise.resolve()
    const overflow = errors.filter((e) => e.code === 'queue_overflow')
    expect(overflow).toHaveLength(1)
    expect(overflow[0]!.count).toBe(15)
    expect(cebe.stats.dropped).toBe(15)
    expect(cebe.stats.queued).toBe(10)
  })

  it('drop-oldest evicts the oldest and reports them', async () => {
    await sink.stop()
    const { cebe, errors } = client({ maxQueueEvents: 10, overflow: 'drop-oldest' })
    const ids: string[] = []
    for (let i = 0; i < 15; i++) ids.push((await track(cebe)).eventId)
    const overflow = errors.filter((e) => e.code === 'queue_overflow')
    expect(overflow.flatMap((e) => e.eventIds)).toEqual(ids.slice(0, 5))
    await sink.start()
    await cebe.flush()
    expect(await storedExactlyOnce(sink, ids.slice(5))).toEqual({ missing: [], duplicated: [], extra: [] })
  })

  it('wait resolves track once there is room and loses nothing', async () => {
    const { cebe, errors } = client({
      maxQueueEvents: 5,
      overflow: 'wait',
      maxBatchEvents: 5,
      maxInFlight: 1,
    })
    const ids: string[] = []
    let maxQueued = 0
    for (let i = 0; i < 60; i++) {
      const result = await track(cebe)
      expect(result.status).toBe('queued')
      ids.push(result.eventId)
      maxQueued = Math.max(maxQueued, cebe.stats.queued)
    }
    await cebe.flush()
    expect(maxQueued).toBeLessThanOrEqual(5)
    expect(await storedExactlyOnce(sink, ids)).toEqual({ missing: [], duplicated: [], extra: [] })
    expect(errors).toEqual([])
  })

  it('wait bounds the number of waiting calls too', async () => {
    await sink.stop()
    const { cebe, errors } = client({ maxQueueEvents: 2, overflow: 'wait', maxWaiting: 3, maxRetries: 0 })
    const pending = Array.from({ length: 8 }, () => track(cebe))
    expect(cebe.stats.waiting).toBeLessThanOrEqual(3)
    await Promise.resolve()
    expect(errors.find((e) => e.code === 'queue_overflow')?.count).toBe(3)
    await cebe.shutdown({ timeoutMs: 0 })
    // Every call settles — the ones still waiting for room when shutdown gave up end as dropped.
    const results = await Promise.all(pending)
    expect(results.filter((r) => r.status === 'dropped').length).toBeGreaterThanOrEqual(3)
    expect(results.every((r) => r.status === 'queued' || r.status === 'dropped')).toBe(true)
  })
})

describe('shutdown', () => {
  it('drains before resolving', async () => {
    const { cebe } = client({ flushIntervalMs: 60_000 })
    const ids: string[] = []
    for (let i = 0; i < 700; i++) ids.push((await track(cebe)).eventId)
    const report = await cebe.shutdown()
    expect(report).toMatchObject({ sent: 700, pending: 0, unsentEventIds: [] })
    expect(await storedExactlyOnce(sink, ids)).toEqual({ missing: [], duplicated: [], extra: [] })
  })

  it('reports totals since the client started: flush() then shutdown() still says what was sent', async () => {
    const { cebe } = client({ flushIntervalMs: 60_000 })
    for (let i = 0; i < 3; i++) await track(cebe)
    expect(await cebe.flush()).toEqual({ sent: 3, rejected: 0, dropped: 0, pending: 0 })
    for (let i = 0; i < 2; i++) await track(cebe)
    expect(await cebe.flush()).toEqual({ sent: 5, rejected: 0, dropped: 0, pending: 0 })
    const report = await cebe.shutdown()
    expect(report).toEqual({ sent: 5, rejected: 0, dropped: 0, pending: 0, unsentEventIds: [] })
    expect(report.sent).toBe(cebe.stats.sent)
  })

  it('reports what could not be sent when the server is down past the timeout', async () => {
    await sink.stop()
    const { cebe, errors } = client({ retryBaseMs: 50 })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await track(cebe)).eventId)
    const report = await cebe.shutdown({ timeoutMs: 100 })
    expect(report.pending).toBe(3)
    expect(report.unsentEventIds.sort()).toEqual([...ids].sort())
    expect(errors.map((e) => e.code)).toEqual(['shutdown_unsent'])
    expect(cebe.stats).toMatchObject({ inFlightBatches: 0 })
    expect(await cebe.shutdown()).toBe(report)
  })
})

describe('sealed batches', () => {
  it('full batches that cannot go at once are sealed; sent_at is when each batch was sealed for sending', async () => {
    // One slot in flight, held until released: batches 2 and 3 fill during the loop and wait sealed.
    const requests: { at: number; request: TransportRequest }[] = []
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const { cebe, errors } = client({
      maxInFlight: 1,
      transport: {
        async send(request) {
          requests.push({ at: Date.now(), request })
          await held
          return { status: 200, headers: {}, body: '{}' }
        },
        async close() {},
      },
    })
    const loopStart = Date.now()
    const ids: string[] = []
    for (let i = 0; i < 1500; i++) ids.push((await track(cebe)).eventId)
    const loopEnd = Date.now()
    expect(cebe.stats).toMatchObject({ queued: 1000, inFlightEvents: 500, sealedBatches: 2 })
    expect(cebe.stats.sealedBytes).toBeLessThan(cebe.stats.queuedBytes / 10)
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    expect(await cebe.flush()).toEqual({ sent: 1500, rejected: 0, dropped: 0, pending: 0 })
    expect(errors).toEqual([])
    const batches = requests.map(({ at, request }) => ({
      at,
      events: JSON.parse(gunzipSync(request.body).toString()).events as {
        event_id: string
        sent_at: string
      }[],
    }))
    expect(batches.flatMap((b) => b.events.map((e) => e.event_id))).toEqual(ids)
    for (const { events } of batches) expect(new Set(events.map((e) => e.sent_at)).size).toBe(1)
    const sentAt = batches.map((b) => Date.parse(b.events[0]!.sent_at))
    // The first batch went at once: stamped when first sent.
    expect(sentAt[0]).toBeLessThanOrEqual(batches[0]!.at)
    expect(sentAt[0]).toBeGreaterThanOrEqual(loopStart)
    // The sealed ones: stamped when sealed during the loop, sent ≥ 50 ms later.
    for (const i of [1, 2]) {
      expect(sentAt[i]).toBeGreaterThanOrEqual(loopStart)
      expect(sentAt[i]).toBeLessThanOrEqual(loopEnd)
      expect(batches[i]!.at).toBeGreaterThanOrEqual(loopEnd + 40)
    }
  })

  it('drop-oldest reaches into a sealed batch and drops exactly the oldest events', async () => {
    await sink.stop()
    // 500 in flight (retrying), 500 sealed, 200 in the tail: the queue (700) is full.
    const { cebe, errors } = client({ maxQueueEvents: 700, overflow: 'drop-oldest', maxInFlight: 1 })
    const ids: string[] = []
    for (let i = 0; i < 1200; i++) ids.push((await track(cebe)).eventId)
    expect(cebe.stats).toMatchObject({ queued: 700, sealedBatches: 1, dropped: 0 })
    for (let i = 0; i < 50; i++) ids.push((await track(cebe)).eventId)
    const overflow = errors.filter((e) => e.code === 'queue_overflow')
    expect(overflow.flatMap((e) => e.eventIds)).toEqual(ids.slice(500, 550))
    expect(cebe.stats).toMatchObject({ queued: 700, sealedBatches: 0, dropped: 50 })
    await sink.start()
    await cebe.flush()
    expect(await storedExactlyOnce(sink, [...ids.slice(0, 500), ...ids.slice(550)])).toEqual({
      missing: [],
      duplicated: [],
      extra: [],
    })
  })
})
