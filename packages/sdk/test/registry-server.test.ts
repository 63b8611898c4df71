/**
 * End to end against the real registry-server (SQLite file, port 0) through the fault proxy:
 * every tracked event is stored exactly once in its store.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateApiKey, type RunningServer, startServer } from '@cebe/registry-server'
import { afterEach, describe, expect, it } from 'vitest'
import { type CebeError, createClient } from '../src/index.js'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import { customerActor, repliedAttributes } from './support/target.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('against the registry-server', () => {
  it('stores every event exactly once through 500s, 429s and resets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cebe-sdk-e2e-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const server: RunningServer = await startServer({
      databaseUrl: join(dir, 'cebe.db'),
      port: 0,
      logLevel: false,
    })
    cleanups.push(() => server.close())
    const { id, key, keyHash } = generateApiKey('write')
    await server.store.createKey({
      id,
      companyId: 'company_acme',
      type: 'write',
      modules: ['campaign'],
      role: null,
      name: null,
      keyHash,
    })
    const faults = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
      { kind: 'reset-after-forward' },
      { kind: 'reset' },
    ] as const
    const proxy: FaultProxy = await startFaultProxy(server.url, (i) =>
      i % 2 === 0 && i < 16 ? faults[(i / 2) % 4]! : { kind: 'pass' },
    )
    cleanups.push(() => proxy.close())

    const errors: CebeError[] = []
    const cebe = createClient({
      endpoint: proxy.url,
      writeKey: key,
      companyId: 'company_acme',
      companySsoId: 'sso_acme',
      sourceModule: 'campaign',
      retryBaseMs: 10,
      retryMaxDelayMs: 100,
      maxBatchEvents: 250,
      onError: (e) => errors.push(e),
    })
    const ids: string[] = []
    for (let i = 0; i < 2000; i++) {
      const result = await cebe.track('campaign.replied', {
        qontak_customer_id: `cust_${i % 40}`,
        actor: customerActor,
        attributes: repliedAttributes,
        trigger_from: 'user',
      })
      ids.push(result.eventId)
    }
    const report = await cebe.shutdown({ timeoutMs: 60_000 })
    expect(report).toMatchObject({ sent: 2000, rejected: 0, dropped: 0, pending: 0 })
    expect(errors).toEqual([])
    expect(await server.store.countEvents('company_acme')).toBe(2000)
    const missing = []
    for (const eventId of ids)
      if (!(await server.store.getEvent('company_acme', eventId))) missing.push(eventId)
    expect(missing).toEqual([])
  })
})
