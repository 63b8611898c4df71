/**
 * The SDK through a fault-injecting proxy in front of a real HTTP server. Every run checks the
 * one property that matters: every tracked valid event is stored exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CebeClient, type CebeError, type ClientEvents, createClient } from '../src/index.js'
import { type Fault, type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import {
  clientOptionsFor,
  customerActor,
  repliedAttributes,
  startTarget,
  storedExactlyOnce,
  TARGET_KINDS,
  type Target,
  waitForAsync,
} from './support/target.js'

describe.each(TARGET_KINDS)('fault injection against the %s', (kind) => {
  let sink: Target
  let proxy: FaultProxy
  let cebe: CebeClient<'campaign'>
  let errors: CebeError[]
  let retries: ClientEvents['retried'][]

  beforeEach(async () => {
    sink = await startTarget(kind)
    proxy = await startFaultProxy(sink.url)
  })
  afterEach(async () => {
    await cebe?.shutdown({ timeoutMs: 1000 })
    await proxy.close()
    await sink.close()
  })

  function start(overrides: Partial<Parameters<typeof createClient<'campaign'>>[0]> = {}) {
    errors = []
    retries = []
    cebe = createClient({
      ...clientOptionsFor(sink, proxy.url),
      onError: (e) => errors.push(e),
      ...overrides,
    })
    cebe.events.on('retried', (r) => retries.push(r))
    return cebe
  }

  async function trackMany(n: number): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const result = await cebe.track('campaign.replied', {
        qontak_customer_id: `cust_${i % 50}`,
        actor: customerActor,
        attributes: repliedAttributes,
        trigger_from: 'user',
      })
      ids.push(result.eventId)
    }
    return ids
  }

  /** Errors beside the store's answer, so a missing batch shows why the client gave it up. */
  async function expectExactlyOnce(ids: string[]) {
    const { missing, duplicated, extra } = await storedExactlyOnce(sink, ids)
    expect({
      missing: missing.length,
      duplicated: duplicated.length,
      extra: extra.length,
      errors: errors.map((e) => `${e.code}: ${e.message}`),
    }).toEqual({ missing: 0, duplicated: 0, extra: 0, errors: [] })
  }

  const every =
    (n: number, fault: Fault, limit = Number.POSITIVE_INFINITY) =>
    (i: number) =>
      i < limit && i % n === 0 ? fault : ({ kind: 'pass' } as Fault)

  it('500s are retried with the same events until stored', async () => {
    proxy.setPlan(every(2, { kind: 'status', status: 500 }, 12))
    start()
    const ids = await trackMany(2000)
    const report = await cebe.flush()
    expect(report).toMatchObject({ sent: 2000, dropped: 0, pending: 0 })
    await expectExactlyOnce(ids)
    expect(retries.length).toBe(proxy.injected.get('status'))
    expect(retries.length).toBeGreaterThanOrEqual(4)
    expect(retries.every((r) => r.status === 500)).toBe(true)
  })

  it('429 with Retry-After in seconds is honoured', async () => {
    proxy.setPlan((i) =>
      i === 0 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : { kind: 'pass' },
    )
    start()
    const ids = await trackMany(10)
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(retries).toHaveLength(1)
    expect(retries[0]).toMatchObject({ status: 429, attempt: 1 })
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000)
  })

  it('503 with Retry-After as an HTTP-date is honoured', async () => {
    const at = new Date(Date.now() + 2000).toUTCString()
    proxy.setPlan((i) =>
      i === 0 ? { kind: 'status', status: 503, headers: { 'retry-after': at } } : { kind: 'pass' },
    )
    start()
    const ids = await trackMany(10)
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(retries[0]!.status).toBe(503)
    expect(retries[0]!.delayMs).toBeGreaterThan(0)
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(2000)
  })

  it('connection resets before the server sees the batch are retried', async () => {
    proxy.setPlan(every(3, { kind: 'reset' }, 15))
    start()
    const ids = await trackMany(1500)
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(proxy.injected.get('reset')).toBeGreaterThan(0)
  })

  it('connection resets after the server stored the batch: the retry is deduplicated, stored once', async () => {
    proxy.setPlan(every(2, { kind: 'reset-after-forward' }, 8))
    start()
    const ids = await trackMany(1500)
    await cebe.flush()
    await expectExactlyOnce(ids)
    // The server stored those batches before the reset, so their retries came back as duplicates.
    expect(cebe.stats.duplicates).toBeGreaterThan(0)
  })

  it('slow responses past the request timeout are retried with the same body', async () => {
    // A timeout a loaded machine's real commits stay under, and a delay twice that.
    const timeoutMs = 3_000
    proxy.setPlan(every(2, { kind: 'delay', ms: timeoutMs * 2 }, 6))
    start({ requestTimeoutMs: timeoutMs })
    const ids = await trackMany(1200)
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(retries, JSON.stringify(retries)).not.toEqual([])
    expect(retries.every((r) => r.reason.includes('network error'))).toBe(true)
  })

  it('slow responses under the timeout are simply waited for', async () => {
    const delayMs = 100
    proxy.setPlan(every(1, { kind: 'delay', ms: delayMs }, 4))
    // A timeout hundreds of times the delay: a loaded machine's own slowness must not look like one.
    start({ requestTimeoutMs: delayMs * 600 })
    const ids = await trackMany(1000)
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(retries).toEqual([])
  })

  it('a server restart mid-flush loses nothing and stores nothing twice', async () => {
    start({ maxInFlight: 2 })
    let restarted: Promise<void> | undefined
    proxy.setPlan((i) => {
      if (i === 3) restarted = sink.restart()
      return { kind: 'pass' }
    })
    const ids = await trackMany(5000)
    await cebe.flush()
    await restarted
    await cebe.flush()
    await expectExactlyOnce(ids)
    expect(restarted).toBeDefined()
  })

  it('the proxy itself restarting (connections dropped) mid-run loses nothing', async () => {
    start({ maxInFlight: 4 })
    const ids = await trackMany(2000)
    const flushed = cebe.flush()
    await waitForAsync(async () => (await sink.storedIds()).length > 0, 'first batch stored')
    await proxy.restart()
    await flushed
    await cebe.flush()
    await expectExactlyOnce(ids)
  })

  it('a mix of every fault, many times over', async () => {
    const faults: Fault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
      { kind: 'status', status: 408 },
      { kind: 'reset' },
      { kind: 'reset-after-forward' },
      { kind: 'delay', ms: 6_000 },
    ]
    let n = 0
    proxy.setPlan((i) => (i % 2 === 0 && i < 60 ? faults[n++ % faults.length]! : { kind: 'pass' }))
    // The delay is twice a timeout that a loaded machine's real commits stay under.
    start({ requestTimeoutMs: 3_000, maxBatchEvents: 100 })
    const ids = await trackMany(3000)
    await cebe.flush()
    await waitForAsync(async () => (await sink.storedIds()).length >= ids.length, 'all stored')
    await expectExactlyOnce(ids)
    expect(cebe.stats).toMatchObject({ sent: 3000, dropped: 0, rejected: 0 })
  })
})
