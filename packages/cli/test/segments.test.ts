/**
 * `cebe segments preview|create|list|members|delete` against a real server (SQLite, port 0):
 * readable output, `--json` as the server answers, paging, and one-line errors with exit code 1.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningServer, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cebe } from './run-cli.js'
import { storeKey } from './support/api-keys.js'

type Event = Record<string, any>

const DAY = 86_400_000

const ticket = (customer: string, id: string, daysAgo: number): Event => {
  const entry = getCatalog().find((e) => e.name === 'ticket.created')!
  const event = structuredClone(entry.example as Event)
  return {
    ...event,
    event_id: `seg-${id}`,
    company_id: 'co_seg',
    qontak_customer_id: customer,
    event_timestamp: new Date(Date.now() - daysAgo * DAY).toISOString(),
    event_attributes: { ...event.event_attributes, ticket_id: id },
  }
}

describe('cebe segments', () => {
  let server: RunningServer
  let admin: string
  let analyst: string
  let dir: string
  let ruleFile: string

  const key = (type: 'write' | 'read', role: 'admin' | 'analyst' = 'analyst') =>
    type === 'write'
      ? storeKey(server.store, { companyId: 'co_seg', type, modules: ['ticketing'] })
      : storeKey(server.store, { companyId: 'co_seg', type, role })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cebe-cli-segments-'))
    server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
    const write = await key('write')
    admin = await key('read', 'admin')
    analyst = await key('read', 'analyst')
    const events = [
      ticket('c1', 't1', 3),
      ticket('c1', 't2', 2),
      ticket('c2', 't3', 2),
      ticket('c3', 't4', 1),
    ]
    const response = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    })
    expect(((await response.json()) as Event).results).toEqual(events.map(() => 'accepted'))
    ruleFile = join(dir, 'rule.json')
    await writeFile(ruleFile, JSON.stringify({ metric: 'ticketing.tickets_total', op: '>=', value: 1 }))
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  }, 60_000)

  const api = (k: string) => ['--endpoint', server.url, '--key', k]

  it('previews a rule file, readable and as JSON, page by page', async () => {
    const table = await cebe('segments', 'preview', ruleFile, ...api(analyst), '--limit', '2')
    expect(table.code).toBe(0)
    const lines = table.stdout.trim().split('\n')
    expect(lines.slice(0, 3)).toEqual(['3 members (showing 2)', 'c1', 'c2'])
    const cursor = lines[3]!.replace('more: --cursor ', '')
    const next = await cebe(
      'segments',
      'preview',
      ruleFile,
      ...api(analyst),
      '--limit',
      '2',
      '--cursor',
      cursor,
      '--json',
    )
    const page = JSON.parse(next.stdout)
    expect(page).toMatchObject({ count: 3, members: [{ customer_id: 'c3' }], next_cursor: null })
    expect(page.members).toHaveLength(1)
  })

  it('creates, lists, reads members of and deletes a segment', async () => {
    const created = await cebe('segments', 'create', ruleFile, '--name', 'Ticket holders', ...api(admin))
    expect(created.code).toBe(0)
    const id = created.stdout.trim()
    expect(id).toMatch(/^seg_/)
    expect((await cebe('segments', 'list', ...api(analyst))).stdout).toContain(`${id}  Ticket holders`)
    expect((await cebe('segments', 'members', id, ...api(analyst))).stdout).toBe('3 members\nc1\nc2\nc3\n')
    const denied = await cebe('segments', 'delete', id, ...api(analyst))
    expect(denied.code).toBe(1)
    expect(denied.stderr).toContain('403')
    expect((await cebe('segments', 'delete', id, ...api(admin))).code).toBe(0)
    expect((await cebe('segments', 'list', ...api(admin), '--json')).stdout).toBe('{"segments":[]}\n')
  })

  it('reports an invalid rule with its JSON path, and a file that is not JSON', async () => {
    const bad = join(dir, 'bad.json')
    await writeFile(bad, JSON.stringify({ all: [{ event: 'order.paid', within: 'ninety days' }] }))
    const run = await cebe('segments', 'preview', bad, ...api(analyst))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('$.all[0].within')
    await writeFile(bad, '{nope')
    const notJson = await cebe('segments', 'preview', bad, ...api(analyst))
    expect(notJson.code).not.toBe(0)
    expect(notJson.stderr).toContain('is not JSON')
  })
})
