/** `cebe webhooks …` against a real server (SQLite, port 0) and a real receiver. */
import { createServer } from 'node:http'
import { join } from 'node:path'
import { generateApiKey, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { cebe, withTempDir } from './run-cli.js'

describe('cebe webhooks', () => {
  it('creates, lists, inspects dead letters, replays and deletes', async () => {
    await withTempDir(async (dir) => {
      let healthy = false
      const ids: string[] = []
      const receiver = createServer((req, res) => {
        ids.push(String(req.headers['webhook-id']))
        req.resume()
        req.on('end', () => res.writeHead(healthy ? 204 : 500).end())
      })
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
      const server = await startServer({
        databaseUrl: join(dir, 'cebe.db'),
        port: 0,
        logLevel: false,
        webhookPollMs: 20,
        webhookRetryScheduleMs: [20],
      })
      try {
        const admin = generateApiKey('read')
        const writer = generateApiKey('write')
        await server.store.createKey({
          ...admin,
          companyId: 'co_c',
          type: 'read',
          modules: [],
          role: 'admin',
          name: null,
        })
        await server.store.createKey({
          ...writer,
          companyId: 'co_c',
          type: 'write',
          modules: ['ticketing'],
          role: null,
          name: null,
        })
        const api = ['--endpoint', server.url, '--key', admin.key]
        const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`

        const bad = await cebe('webhooks', 'create', ...api, '--url', url, '--events', 'tick*t')
        expect(bad.code).toBe(1)
        expect(bad.stderr).toMatch(/400 bad_request: \/events\/0/)

        const created = await cebe(
          'webhooks',
          'create',
          ...api,
          '--url',
          url,
          '--events',
          'ticket.*',
          '--json',
        )
        expect(created.code).toBe(0)
        const sub = JSON.parse(created.stdout)
        expect(sub.secret).toMatch(/^whsec_/)
        const list = await cebe('webhooks', 'list', ...api)
        expect(list.stdout).toContain(`${sub.id}  ${url}  ticket.*`)

        const example = getCatalog().find((e) => e.name === 'ticket.created')!.example as Record<
          string,
          unknown
        >
        const event = {
          ...example,
          event_id: 'evt-cli-1',
          company_id: 'co_c',
          event_timestamp: new Date().toISOString(),
        }
        await fetch(`${server.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${writer.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: [event] }),
        })
        let dead = { deliveries: [] as { delivery_id: string }[] }
        for (let i = 0; i < 200 && dead.deliveries.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 25))
          dead = JSON.parse((await cebe('webhooks', 'dead-letters', sub.id, ...api, '--json')).stdout)
        }
        expect(dead.deliveries).toHaveLength(1)
        expect(ids).toHaveLength(2)
        expect((await cebe('webhooks', 'dead-letters', sub.id, ...api)).stdout).toContain(
          '2 attempts, last: HTTP 500',
        )

        healthy = true
        const replay = await cebe(
          'webhooks',
          'replay',
          sub.id,
          ...api,
          '--delivery',
          dead.deliveries[0]!.delivery_id,
        )
        expect(replay.stdout).toBe('replayed 1\n')
        for (let i = 0; i < 200 && ids.length < 3; i++) await new Promise((r) => setTimeout(r, 25))
        expect(ids).toEqual([ids[0], ids[0], ids[0]])
        const got = await cebe('webhooks', 'get', sub.id, ...api)
        expect(got.stdout).toMatch(/0 pending, 1 delivered, 0 dead/)

        expect((await cebe('webhooks', 'delete', sub.id, ...api)).code).toBe(0)
        expect((await cebe('webhooks', 'get', sub.id, ...api)).stderr).toMatch(/404 not_found/)
        expect((await cebe('webhooks', 'list', '--endpoint', server.url)).stderr).toMatch(/--key/)

        // Segment entries/exits: one segment, or any.
        const segment = await fetch(`${server.url}/v1/segments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ticketed', rule: { event: 'ticket.created' } }),
        })
        const { id: segmentId } = (await segment.json()) as { id: string }
        const create = (...flags: string[]) => cebe('webhooks', 'create', ...api, '--url', url, ...flags)
        const neither = await create()
        expect(neither.code).toBe(2)
        expect(neither.stderr).toContain('give --events, --segments or both')
        const typo = await create('--segments', 'segment.enter')
        expect(typo.code).toBe(2)
        expect(typo.stderr).toContain('"segment.enter" is not segment.entered or segment.exited')
        const missing = await create('--segments', 'segment.exited:seg_nope')
        expect(missing.stderr).toMatch(/400 bad_request: \/segments\/0\/segment_id/)
        const bySegment = await create('--segments', `segment.entered:${segmentId},segment.exited`)
        expect(bySegment.code, bySegment.stderr).toBe(0)
        expect((await cebe('webhooks', 'list', ...api)).stdout).toContain(
          `${url}  segment.entered:${segmentId},segment.exited`,
        )
      } finally {
        await server.close()
        receiver.closeAllConnections()
        receiver.close()
      }
    })
  })
})
