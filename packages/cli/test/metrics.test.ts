/** `cebe metrics` against a real server on a SQLite file: JSON, tables, grouping and errors. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningServer, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cebe } from './run-cli.js'
import { storeKey } from './support/api-keys.js'

const COMPANY = 'co_cli_metrics'
const FROM = '2026-11-01T00:00:00Z'
const TO = '2026-11-11T00:00:00Z'

describe('cebe metrics', () => {
  let dir: string
  let server: RunningServer
  let readKey: string
  let writeKey: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cebe-metrics-'))
    server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
    writeKey = await key('write')
    readKey = await key('read')
    const example = getCatalog().find((entry) => entry.name === 'campaign.sent')!.example as Record<
      string,
      any
    >
    const sent = (id: string, customer: string, campaign: string) => ({
      ...example,
      event_id: id,
      company_id: COMPANY,
      qontak_customer_id: customer,
      event_timestamp: '2026-11-02T00:00:00Z',
      event_attributes: { ...example.event_attributes, campaign_id: campaign },
    })
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [sent('m1', 'c1', 'cmp_a'), sent('m2', 'c2', 'cmp_a'), sent('m3', 'c1', 'cmp_b')],
      }),
    })
    expect(((await res.json()) as { accepted: number }).accepted).toBe(3)
  })
  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const key = (type: 'write' | 'read') =>
    type === 'write'
      ? storeKey(server.store, { companyId: COMPANY, type, modules: ['campaign'] })
      : storeKey(server.store, { companyId: COMPANY, type, role: 'analyst' })

  const common = () => ['--endpoint', server.url, '--key', readKey, '--from', FROM, '--to', TO]

  it("prints a customer's metrics as JSON and as a table", async () => {
    const json = await cebe('metrics', ...common(), '--customer', 'c1', '--json')
    expect(json.code).toBe(0)
    const answer = JSON.parse(json.stdout)
    expect(answer).toMatchObject({
      customer_id: 'c1',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-11T00:00:00.000Z',
    })
    expect(answer.metrics['campaign.received_total']).toBe(2)
    const table = await cebe('metrics', ...common(), '--customer', 'c1')
    expect(table.code).toBe(0)
    expect(table.stdout).toContain('metrics of customer c1')
    expect(table.stdout).toMatch(/campaign\.received_total\s+2\n/)
    expect(table.stdout).toMatch(/campaign\.reply_rate\s+0\n/)
    expect(table.stdout).toMatch(/deals\.won_rate\s+—\n/)
    expect(table.stdout).toContain('health score')
  })

  it('prints company metrics, and grouped ones with a column per group', async () => {
    const company = await cebe('metrics', ...common(), '--json')
    expect(JSON.parse(company.stdout).metrics['campaign.sent']).toBe(3)
    const grouped = await cebe('metrics', ...common(), '--group-by', 'campaign_id')
    expect(grouped.code).toBe(0)
    expect(grouped.stdout).toMatch(/metric\s+cmp_a\s+cmp_b\n/)
    expect(grouped.stdout).toMatch(/campaign\.sent\s+2\s+1\n/)
  })

  it('fails clearly: server errors, unreachable servers, bad flags', async () => {
    const bad = await cebe('metrics', '--endpoint', server.url, '--key', readKey, '--from', 'yesterday')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/400.*from must be an RFC 3339/)
    const unauthorized = await cebe('metrics', '--endpoint', server.url, '--key', writeKey)
    expect(unauthorized.code).toBe(1)
    expect(unauthorized.stderr).toContain('403')
    const down = await cebe('metrics', '--endpoint', 'http://127.0.0.1:9', '--key', readKey)
    expect(down.code).toBe(1)
    expect(down.stderr).toContain('cannot reach')
    const both = await cebe('metrics', ...common(), '--customer', 'c1', '--group-by', 'campaign_id')
    expect(both.code).toBe(2)
    const unknown = await cebe('metrics', ...common(), '--group-by', 'channel')
    expect(unknown.code).not.toBe(0)
  })
})
