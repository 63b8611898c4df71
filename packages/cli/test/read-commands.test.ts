/**
 * `cebe customers show|find` and `cebe events` against a real server over HTTP: readable tables,
 * `--json` as the server answers, the role's masking, and one-line errors with exit code 1.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningServer, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cebe } from './run-cli.js'
import { storeKey } from './support/api-keys.js'

type Event = Record<string, any>

const example = (name: string, overrides: Event): Event => {
  const entry = getCatalog().find((e) => e.name === name)!
  return { ...structuredClone(entry.example as Event), company_id: 'co_cli', ...overrides }
}

const created = example('customer.created', {
  event_id: 'cli-created',
  qontak_customer_id: 'cust_cli',
  event_timestamp: '2026-11-20T08:30:00+07:00',
})
const spend = example('ad.spend_recorded', { event_id: 'cli-spend', event_timestamp: '2026-11-21T00:00:00Z' })

describe('cebe customers / cebe events', () => {
  let server: RunningServer
  let admin: string
  let analyst: string
  let dir: string

  const key = (type: 'write' | 'read', role: 'admin' | 'analyst' = 'analyst') =>
    type === 'write'
      ? storeKey(server.store, { companyId: 'co_cli', type, modules: ['cdp', 'campaign'] })
      : storeKey(server.store, { companyId: 'co_cli', type, role })

  // Generous hook timeouts: starting a server and a first commit take seconds on a loaded machine.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cebe-cli-read-'))
    server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
    const write = await key('write')
    admin = await key('read', 'admin')
    analyst = await key('read', 'analyst')
    const response = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [created, spend] }),
    })
    expect(((await response.json()) as Event).results).toEqual(['accepted', 'accepted'])
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  }, 60_000)

  const api = (k: string) => ['--endpoint', server.url, '--key', k]

  it('customers show prints the profile, and --json the server answer', async () => {
    const table = await cebe('customers', 'show', 'cust_cli', ...api(admin))
    expect(table.code).toBe(0)
    expect(table.stdout).toContain('customer    cust_cli  (')
    expect(table.stdout).toMatch(/events\s+1 {2}cdp 1/)
    expect(table.stdout).toContain('phone:+6281234567890')
    expect(table.stdout).toMatch(/city\s+Bandung/)
    expect(table.stdout).toMatch(/^health\s+\d/m)
    const json = await cebe('customers', 'show', 'cust_cli', ...api(analyst), '--json')
    expect(json.code).toBe(0)
    const profile = JSON.parse(json.stdout)
    expect(profile).toMatchObject({ customer_id: 'cust_cli', events_total: 1 })
    expect(profile.metrics['ticketing.tickets_total']).toBe(0)
    expect(profile.health.score).toEqual(expect.any(Number))
    expect(profile.attributes.default_fields.city).toBe('***')
  })

  it('customers find prints a table of hits, and --json the page', async () => {
    const table = await cebe('customers', 'find', '+62 812 3456 7890', ...api(admin))
    expect(table.code).toBe(0)
    const lines = table.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^CUSTOMER\s+NAME\s+IDENTIFIERS\s+LAST EVENT$/)
    expect(lines[1]).toMatch(/^cust_cli\s+/)
    expect(lines).toHaveLength(2)
    const json = JSON.parse(
      (await cebe('customers', 'find', 'cust', ...api(admin), '--json', '--limit', '5')).stdout,
    )
    expect(json.customers.map((c: Event) => c.customer_id)).toEqual(['cust_cli'])
    expect((await cebe('customers', 'find', 'nobody', ...api(admin))).stdout).toBe('no customers found\n')
  })

  it('events prints the feed newest first, company-scoped events included', async () => {
    const table = await cebe(
      'events',
      '--from',
      '2026-11-01T00:00:00Z',
      '--to',
      '2026-12-01T00:00:00Z',
      ...api(admin),
    )
    expect(table.code).toBe(0)
    const lines = table.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^TIME\s+EVENT\s+MODULE\s+CUSTOMER\s+EVENT ID$/)
    expect(lines[1]).toMatch(/ad\.spend_recorded\s+campaign\s+-\s+cli-spend$/)
    expect(lines[2]).toMatch(/customer\.created\s+cdp\s+cust_cli\s+cli-created$/)
    const page = JSON.parse((await cebe('events', '--limit', '1', ...api(admin), '--json')).stdout)
    expect(page.events.map((e: Event) => e.event_id)).toEqual(['cli-spend'])
    const next = await cebe('events', '--limit', '1', '--cursor', page.next_cursor, ...api(admin), '--json')
    expect(JSON.parse(next.stdout).events.map((e: Event) => e.event_id)).toEqual(['cli-created'])
  })

  it('server errors are one line with exit code 1; a missing key is a usage error', async () => {
    const missing = await cebe('customers', 'show', 'c_nobody', ...api(admin))
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr).toBe(
      'cebe: 404 not_found: no customer "c_nobody": this company has no event of it\n',
    )
    const bad = await cebe('events', '--from', 'yesterday', ...api(admin))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^cebe: 400 bad_request: from must be an RFC 3339 date-time/)
    const unauthorized = await cebe('events', ...api('cebe_r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))
    expect(unauthorized.stderr).toMatch(/^cebe: 401 unauthorized: /)
    const noKey = await cebe('events', '--endpoint', server.url)
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toMatch(/give a read key with --key/)
    const down = await cebe('events', '--endpoint', 'http://127.0.0.1:1', '--key', admin)
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/)
  })
})
