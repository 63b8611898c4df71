/**
 * Durability and dedup across processes: two servers on one PostgreSQL store each event once;
 * a server killed with SIGKILL in the middle of a load keeps every event it acknowledged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type ChildServer, spawnServer } from './support/child-server.js'
import { type Envelope, makeEvent } from './support/events.js'
import { createKey, request } from './support/test-server.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const children: ChildServer[] = []
const databases: TestDatabase[] = []
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.process.kill('SIGKILL')
    await child.exited
  }
  for (const database of databases.splice(0)) await database.drop()
})

const postgres = STORES.find((s) => s.name === 'postgres')!

describe.skipIf(postgres.skipReason !== undefined)('two server processes on one PostgreSQL', () => {
  it('store each event once when both ingest the same events at the same time', async () => {
    const database = await postgres.create()
    databases.push(database)
    const setup = await database.open()
    const key = await createKey(setup, 'co_m', 'write')
    await setup.close()
    const [a, b] = await Promise.all([spawnServer(database.url), spawnServer(database.url)])
    children.push(a!, b!)

    const batches = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 250 }, () =>
        makeEvent(i % 2 ? 'campaign.sent' : 'ticket.created', { company: 'co_m', customer: `u${i % 3}` }),
      ),
    )
    const statuses = new Map<string, string[]>()
    const send = async (url: string, events: Envelope[]) => {
      const res = await request(url, 'POST', '/v1/events', { events }, { key })
      expect(res.status).toBe(200)
      res.body.results.forEach((status: string, i: number) => {
        const id = events[i]!.event_id
        statuses.set(id, [...(statuses.get(id) ?? []), status])
      })
    }
    await Promise.all(
      batches.flatMap((events) => [send(a!.url, events), send(b!.url, [...events].reverse())]),
    )

    const check = await database.open()
    expect(await check.countEvents('co_m')).toBe(2000)
    for (const seen of statuses.values()) expect(seen.sort()).toEqual(['accepted', 'duplicate'])
    const counts = await Promise.all(['u0', 'u1', 'u2'].map((u) => check.customerAggregates('co_m', u)))
    expect(counts.flat().reduce((sum, a) => sum + a.count, 0)).toBe(2000)
    await check.close()
  })
})

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`SIGKILL during a load: ${flavour.name}`, () => {
    it('keeps every event the server acknowledged', async () => {
      const database = await flavour.create()
      databases.push(database)
      const setup = await database.open()
      const key = await createKey(setup, 'co_k', 'write')
      await setup.close()
      const server = await spawnServer(database.url)
      children.push(server)

      const acked: string[] = []
      let killed = false
      const worker = async () => {
        while (!killed) {
          const events = Array.from({ length: 100 }, () => makeEvent('campaign.clicked', { company: 'co_k' }))
          try {
            const res = await request(server.url, 'POST', '/v1/events', { events }, { key })
            if (res.status !== 200) continue
            res.body.results.forEach((status: string, i: number) => {
              if (status === 'accepted' || status === 'duplicate') acked.push(events[i]!.event_id)
            })
          } catch {
            return // the connection died with the server: nothing was acknowledged
          }
        }
      }
      const workers = Array.from({ length: 6 }, worker)
      while (acked.length < 3000) await new Promise((r) => setTimeout(r, 5))
      killed = true
      server.process.kill('SIGKILL')
      await server.exited
      await Promise.all(workers)

      // Restart a server on the same store: it must come up and find every acked event.
      const restarted = await spawnServer(database.url)
      children.push(restarted)
      expect((await request(restarted.url, 'GET', '/readyz', undefined)).status).toBe(200)
      const store = await database.open()
      let missing = 0
      for (const id of acked) if (!(await store.getEvent('co_k', id))) missing++
      expect({ acked: acked.length >= 3000, missing }).toEqual({ acked: true, missing: 0 })
      await store.close()
    })
  })
}
