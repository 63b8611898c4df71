/**
 * `cebe mcp` with the MCP SDK's own client, over stdio (spawning the built `cebe mcp`) and over
 * Streamable HTTP (`cebe mcp --http`), against a real registry server: the tool list and its
 * size, every tool's answer equal to the HTTP API's, bounded answers, API errors as tool errors,
 * and no phone, email or free text for a restricted role through any tool.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { generateApiKey, type RunningServer, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, cebe } from './run-cli.js'

type Json = Record<string, any>

const PHONE = '+6281234567890'
const EMAIL = 'sari.wulandari@example.co.id'
const PREVIEW = 'Halo kak, pesanan saya belum sampai ya?'
const COMMENT = 'Pelayanannya lambat sekali'
const AS_OF = '2026-11-30T00:00:00.000Z'

let sequence = 0
const event = (name: string, minute: number, attributes: Json = {}): Json => {
  const entry = getCatalog().find((e) => e.name === name)!
  const example = structuredClone(entry.example) as Json
  return {
    ...example,
    event_id: `mcp-${++sequence}`,
    company_id: 'co_mcp',
    qontak_customer_id: 'cust_mcp',
    event_timestamp: new Date(Date.parse('2026-11-20T00:00:00Z') + minute * 60_000).toISOString(),
    event_attributes: { ...example.event_attributes, ...attributes },
  }
}

const EVENTS = [
  event('customer.created', 0, {
    default_fields: [
      { name: 'full_name', value: 'Sari Wulandari' },
      { name: 'phone', value: PHONE },
      { name: 'email', value: EMAIL },
    ],
    phone: PHONE,
    email: EMAIL,
  }),
  event('conversation.started', 1, { phone: PHONE }),
  event('message.received', 2, { content_preview: PREVIEW }),
  event('ticket.created', 3, { ticket_id: 'tkt_1' }),
  event('ticket.sla_breached', 4, { ticket_id: 'tkt_1' }),
  event('csat.submitted', 5, { score: 2, comment: COMMENT }),
  event('order.paid', 6, { order_id: 'ord_1', paid_amount: 575000 }),
  ...Array.from({ length: 30 }, (_, i) =>
    event('message.received', 10 + i, { content_preview: `${PREVIEW} ${'x'.repeat(200)}` }),
  ),
]

const TOOLS = [
  'get_customer_memory',
  'find_customers',
  'get_customer_timeline',
  'get_customer_metrics',
  'preview_segment',
]
const RULE = { all: [{ metric: 'ticketing.tickets_total', op: '>=', value: 1 }] }

describe('cebe mcp', () => {
  let server: RunningServer
  let dir: string
  const keys: Record<string, string> = {}

  const api = async (path: string, key: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return (await response.json()) as Json
  }

  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      await promisify(execFile)('npx', ['tsup'], { cwd: join(BUILT_CLI, '..', '..') })
    dir = await mkdtemp(join(tmpdir(), 'cebe-mcp-'))
    server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
    const create = async (type: 'write' | 'read', role?: string) => {
      const generated = generateApiKey(type)
      await server.store.createKey({
        id: generated.id,
        keyHash: generated.keyHash,
        companyId: 'co_mcp',
        type,
        modules: type === 'write' ? ['cdp', 'communication', 'ticketing', 'conversion'] : [],
        role: (role ?? null) as null,
        name: null,
      })
      return generated.key
    }
    const write = await create('write')
    for (const role of ['admin', 'ai_agent', 'marketing', 'analyst']) keys[role] = await create('read', role)
    const ingest = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: EVENTS }),
    })
    const stored = (await ingest.json()) as Json
    expect(stored.rejected).toEqual([])
    expect(stored.accepted).toBe(EVENTS.length)
  }, 60_000)

  afterAll(async () => {
    await server?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const stdioClient = async (key: string) => {
    const client = new Client({ name: 'cebe-test', version: '0.0.0' })
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BUILT_CLI, 'mcp', '--endpoint', server.url, '--key', key],
        stderr: 'pipe',
      }),
    )
    return client
  }

  /** Every tool called as an agent would, with fixed inputs so the HTTP API answers the same. */
  const callEveryTool = async (client: Client) => ({
    memory: await client.callTool({
      name: 'get_customer_memory',
      arguments: { customer_id: 'cust_mcp', as_of: AS_OF, max_chars: 1500 },
    }),
    find: await client.callTool({ name: 'find_customers', arguments: { query: 'cust_', limit: 5 } }),
    timeline: await client.callTool({
      name: 'get_customer_timeline',
      arguments: { customer_id: 'cust_mcp', limit: 5, max_chars: 50_000 },
    }),
    metrics: await client.callTool({
      name: 'get_customer_metrics',
      arguments: { customer_id: 'cust_mcp', from: '2026-11-01T00:00:00Z', to: AS_OF },
    }),
    segment: await client.callTool({ name: 'preview_segment', arguments: { rule: RULE, limit: 5 } }),
  })
  const textOf = (result: Json) => (result.content as { text: string }[])[0]!.text

  const expectSameAsHttpApi = async (results: Record<string, Json>, key: string) => {
    for (const result of Object.values(results)) expect(result.isError).toBeFalsy()
    const memory = await api(`/v1/customers/cust_mcp/memory?as_of=${AS_OF}&max_chars=1500`, key)
    expect(textOf(results.memory!)).toBe(memory.text)
    expect(results.memory!.structuredContent).toEqual(memory)
    expect(JSON.parse(textOf(results.find!))).toEqual(await api('/v1/customers?q=cust_&limit=5', key))
    expect(JSON.parse(textOf(results.timeline!))).toEqual(
      await api('/v1/customers/cust_mcp/timeline?limit=5', key),
    )
    const metrics = JSON.parse(textOf(results.metrics!))
    const viaHttp = await api(`/v1/customers/cust_mcp/metrics?from=2026-11-01T00:00:00Z&to=${AS_OF}`, key)
    expect(metrics).toEqual(viaHttp)
    expect(JSON.parse(textOf(results.segment!))).toEqual(
      await api('/v1/segments/preview?limit=5', key, { rule: RULE }),
    )
  }

  describe('over stdio', () => {
    let admin: Client
    beforeAll(async () => {
      admin = await stdioClient(keys.admin!)
    }, 30_000)
    afterAll(async () => admin?.close())

    it('lists five read-only tools whose whole serialized list stays under 12,000 characters', async () => {
      const { tools } = await admin.listTools()
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort())
      for (const tool of tools) {
        expect(tool.annotations?.readOnlyHint, tool.name).toBe(true)
        expect(tool.description!.length, tool.name).toBeGreaterThan(60)
        expect(tool.inputSchema.type).toBe('object')
      }
      expect(JSON.stringify(tools).length).toBeLessThan(12_000)
    })

    it('answers every tool as the HTTP API answers the same key', async () => {
      await expectSameAsHttpApi(await callEveryTool(admin), keys.admin!)
    }, 30_000)

    it('bounds a timeline page by max_chars and continues with its cursor', async () => {
      const result = await admin.callTool({
        name: 'get_customer_timeline',
        arguments: { customer_id: 'cust_mcp', limit: 50, max_chars: 2_000 },
      })
      const text = textOf(result as Json)
      expect(text.length).toBeLessThanOrEqual(2_000)
      const page = JSON.parse(text)
      expect(page.events.length).toBeGreaterThan(0)
      expect(page.events.length).toBeLessThan(50)
      const next = await admin.callTool({
        name: 'get_customer_timeline',
        arguments: { customer_id: 'cust_mcp', limit: 1, cursor: page.next_cursor, max_chars: 50_000 },
      })
      const expected = await api(
        `/v1/customers/cust_mcp/timeline?limit=${page.events.length + 1}`,
        keys.admin!,
      )
      expect(JSON.parse(textOf(next as Json)).events).toEqual(expected.events.slice(-1))
    })

    it('serves the memory as the cebe://customers/{id}/memory resource', async () => {
      const resource = await admin.readResource({ uri: 'cebe://customers/cust_mcp/memory' })
      const text = (resource.contents[0] as { text: string }).text
      expect(text.startsWith('Customer cust_mcp "Sari Wulandari"')).toBe(true)
      expect(text.length).toBeLessThanOrEqual(2_000)
    })

    it("returns the API's messages as tool errors", async () => {
      const unknown = await admin.callTool({
        name: 'get_customer_memory',
        arguments: { customer_id: 'cust_nobody' },
      })
      expect(unknown.isError).toBe(true)
      expect(textOf(unknown as Json)).toBe(
        '404 not_found: no customer "cust_nobody": this company has no event of it',
      )
      const badTime = await admin.callTool({
        name: 'get_customer_memory',
        arguments: { customer_id: 'cust_mcp', as_of: 'yesterday' },
      })
      expect(badTime.isError).toBe(true)
      expect(textOf(badTime as Json)).toContain('as_of must be an RFC 3339 date-time with an offset')
      const badRule = await admin.callTool({
        name: 'preview_segment',
        arguments: { rule: { all: [{ metric: 'nope' }] } },
      })
      expect(badRule.isError).toBe(true)
      expect(textOf(badRule as Json)).toMatch(/400 bad_request: .*nope/)
      const tooSmall = await admin.callTool({
        name: 'get_customer_memory',
        arguments: { customer_id: 'cust_mcp', max_chars: 10 },
      })
      expect(tooSmall.isError).toBe(true)
      expect(textOf(tooSmall as Json)).toContain('max_chars')
    })

    it('a restricted role gets no phone, email or free text through any tool', async () => {
      const secrets = [PHONE, PHONE.slice(3), EMAIL, PREVIEW.slice(0, 20), COMMENT]
      for (const role of ['marketing', 'analyst']) {
        const client = await stdioClient(keys[role]!)
        try {
          const results = await callEveryTool(client)
          await expectSameAsHttpApi(results, keys[role]!)
          const resource = await client.readResource({ uri: 'cebe://customers/cust_mcp/memory' })
          const everything = JSON.stringify([results, resource])
          for (const secret of secrets) expect(everything, `${role}: ${secret}`).not.toContain(secret)
        } finally {
          await client.close()
        }
      }
    }, 60_000)

    it('refuses to start without a read key', async () => {
      const { stderr, code } = await new Promise<{ stderr: string; code: number | null }>((resolve) => {
        const child = spawn(process.execPath, [BUILT_CLI, 'mcp', '--endpoint', server.url], {
          env: { ...process.env, CEBE_KEY: '' },
        })
        let stderr = ''
        child.stderr.on('data', (chunk) => {
          stderr += chunk
        })
        child.on('close', (code) => resolve({ stderr, code }))
      })
      expect(code).toBe(2)
      expect(stderr).toContain('give a read key with --key (or CEBE_KEY)')
    })
  })

  describe('over Streamable HTTP', () => {
    let child: ChildProcess
    let url: string

    beforeAll(async () => {
      child = spawn(process.execPath, [BUILT_CLI, 'mcp', '--http', '--port', '0', '--endpoint', server.url])
      url = await new Promise<string>((resolve, reject) => {
        let stderr = ''
        child.stderr!.on('data', (chunk) => {
          stderr += chunk
          const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)
          if (match) resolve(match[1]!)
        })
        child.on('exit', () => reject(new Error(`cebe mcp --http exited: ${stderr}`)))
      })
    }, 30_000)
    afterAll(() => {
      child?.kill('SIGTERM')
    })

    const httpClient = async (key: string) => {
      const client = new Client({ name: 'cebe-test', version: '0.0.0' })
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      )
      return client
    }

    it('answers every tool with the masking of each request’s own key', async () => {
      for (const role of ['ai_agent', 'analyst']) {
        const client = await httpClient(keys[role]!)
        try {
          const { tools } = await client.listTools()
          expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort())
          const results = await callEveryTool(client)
          await expectSameAsHttpApi(results, keys[role]!)
          const everything = JSON.stringify(results)
          expect(everything).not.toContain(PHONE)
          expect(everything).not.toContain(EMAIL)
          if (role === 'analyst') expect(everything).not.toContain(PREVIEW.slice(0, 20))
        } finally {
          await client.close()
        }
      }
    }, 60_000)

    it('takes no --key: each client sends its own', async () => {
      const run = await cebe('mcp', '--http', '--key', keys.admin!, '--endpoint', server.url)
      expect(run.code).toBe(2)
      expect(run.stderr).toBe(
        'cebe: --key is for stdio; over --http each client sends its own read key as "Authorization: Bearer <key>"\n',
      )
    })

    it('401 without a Bearer key; a wrong key reaches the API and comes back as its 401', async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      })
      expect(response.status).toBe(401)
      expect(((await response.json()) as Json).error.message).toContain('Authorization: Bearer <key>')
      const client = await httpClient('cebe_r_not_a_key')
      try {
        const result = await client.callTool({
          name: 'get_customer_memory',
          arguments: { customer_id: 'cust_mcp' },
        })
        expect(result.isError).toBe(true)
        expect(textOf(result as Json)).toMatch(/^401 unauthorized: /)
      } finally {
        await client.close()
      }
    })
  })
})
