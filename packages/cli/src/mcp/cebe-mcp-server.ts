/**
 * The CEBE MCP server: five read-only tools and one resource, each a call to the CEBE HTTP API
 * with the read key it was built with — so the registry server stays the one place that decides
 * what a key may read (its company, its role's PII masking). Few tools with short schemas keep
 * the tool list small in an agent's context; every answer is bounded by `max_chars` or a page.
 */
import { SOURCE_MODULES } from '@cebe/schemas'
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { type ApiTarget, callApi, getJson } from '../api-client.js'
import { CliError } from '../cli-error.js'
import { CLI_VERSION } from '../package-info.js'
import { boundJson } from './bounded-json.js'

/** The memory's own bounds (the server refuses others) and its default. */
const MEMORY_CHARS = { min: 200, max: 20_000, default: 2_000 }
/** Bound of the other tools' JSON answers. */
const ANSWER_CHARS = { min: 1_000, max: 50_000, default: 8_000 }
const PAGE = { max: 50, default: 10 }

const customerId = z.string().min(1).max(64).describe('qontak_customer_id')
const modules = z.array(z.enum(SOURCE_MODULES)).min(1).optional()
const instant = (what: string) => z.string().optional().describe(`${what}, RFC 3339 with offset`)
const limit = z.number().int().min(1).max(PAGE.max).optional().describe(`Page size (default ${PAGE.default})`)
const cursor = z.string().optional().describe('next_cursor of the previous answer')
const maxChars = z
  .number()
  .int()
  .min(ANSWER_CHARS.min)
  .max(ANSWER_CHARS.max)
  .optional()
  .describe(`Answer size bound (default ${ANSWER_CHARS.default})`)

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }

export function createCebeMcpServer(target: ApiTarget): McpServer {
  const server = new McpServer({ name: 'cebe', version: CLI_VERSION })
  const api = new CebeApi(target)

  server.registerTool(
    'get_customer_memory',
    {
      title: 'Customer memory',
      description:
        'Start here before answering a customer: who they are, value (LTV, last purchase), risk (health, open ' +
        'tickets, SLA breaches, CSAT/NPS trend, churn-risk factors), segments, loyalty, key metrics and recent ' +
        'events, as text of at most max_chars. Personal data is masked for your key.',
      inputSchema: {
        customer_id: customerId,
        max_chars: z
          .number()
          .int()
          .min(MEMORY_CHARS.min)
          .max(MEMORY_CHARS.max)
          .optional()
          .describe(`Text size bound (default ${MEMORY_CHARS.default})`),
        as_of: instant('Memory as it stood then (default now)'),
        modules: modules.describe('Only these modules’ metrics and events'),
      },
      annotations: { title: 'Customer memory', ...READ_ONLY },
    },
    async ({ customer_id, max_chars, as_of, modules }) =>
      api.answer(async () => {
        const memory = await api.memory(customer_id, { max_chars, as_of, modules })
        return { content: [{ type: 'text', text: memory.text }], structuredContent: memory }
      }),
  )

  server.registerTool(
    'find_customers',
    {
      title: 'Find customers',
      description:
        'Find customers by id prefix, exact phone/email/member id, or attribute text; optionally only members of ' +
        'a saved segment. Answers ids, names and identifiers (masked for your key) and next_cursor.',
      inputSchema: {
        query: z.string().min(1).max(256).optional().describe('What to look for (omit: all customers)'),
        segment: z.string().min(1).optional().describe('A saved segment id'),
        limit,
        cursor,
        max_chars: maxChars,
      },
      annotations: { title: 'Find customers', ...READ_ONLY },
    },
    async ({ query, segment, limit: size, cursor: after, max_chars }) =>
      api.answer(async () =>
        json(
          await api.get('v1/customers', {
            q: query,
            segment,
            limit: String(size ?? PAGE.default),
            cursor: after,
          }),
          max_chars,
        ),
      ),
  )

  server.registerTool(
    'get_customer_timeline',
    {
      title: 'Customer timeline',
      description:
        'A customer’s events newest first, as stored with personal data masked for your key; filter by window, ' +
        'modules or event names; page with cursor. Prefer get_customer_memory for a summary.',
      inputSchema: {
        customer_id: customerId,
        from: instant('Events at or after'),
        to: instant('Events before'),
        modules: modules.describe('Only these modules'),
        events: z.array(z.string().min(1)).min(1).optional().describe('Only these event names'),
        limit,
        cursor,
        max_chars: maxChars,
      },
      annotations: { title: 'Customer timeline', ...READ_ONLY },
    },
    async ({ customer_id, from, to, modules, events, limit: size, cursor: after, max_chars }) =>
      api.answer(() =>
        api.timelinePage(
          customer_id,
          { from, to, modules: modules?.join(','), events: events?.join(','), cursor: after },
          size ?? PAGE.default,
          max_chars ?? ANSWER_CHARS.default,
        ),
      ),
  )

  server.registerTool(
    'get_customer_metrics',
    {
      title: 'Customer metrics',
      description:
        'Every customer metric (tickets, deals, orders, campaigns, loyalty, …) over [from, to) and the health ' +
        'score with each factor’s contribution.',
      inputSchema: {
        customer_id: customerId,
        from: instant('Window start'),
        to: instant('Window end'),
        max_chars: maxChars,
      },
      annotations: { title: 'Customer metrics', ...READ_ONLY },
    },
    async ({ customer_id, from, to, max_chars }) =>
      api.answer(async () =>
        json(
          await api.get(`v1/customers/${encodeURIComponent(customer_id)}/metrics`, { from, to }),
          max_chars,
        ),
      ),
  )

  server.registerTool(
    'preview_segment',
    {
      title: 'Preview a segment rule',
      description:
        'Count and list the customers a segment rule holds for now, without saving it. Rule: {"all"|"any": ' +
        '[rules]}, {"not": rule}, {"metric": "ticketing.tickets_total", "op": ">=", "value": 2, "within"?: ' +
        '"90d"}, {"event": "order.paid", "within"?: "90d", "count"?: {"op", "value"}}.',
      inputSchema: {
        rule: z.record(z.string(), z.unknown()).describe('The segment rule'),
        limit,
        cursor,
        max_chars: maxChars,
      },
      annotations: { title: 'Preview a segment rule', ...READ_ONLY },
    },
    async ({ rule, limit: size, cursor: after, max_chars }) =>
      api.answer(async () => {
        const query = new URLSearchParams({
          limit: String(size ?? PAGE.default),
          ...(after && { cursor: after }),
        })
        return json(await api.post(`/v1/segments/preview?${query}`, { rule }), max_chars)
      }),
  )

  server.registerResource(
    'customer_memory',
    new ResourceTemplate('cebe://customers/{id}/memory', { list: undefined }),
    {
      title: 'Customer memory',
      description: 'The customer memory text (default size), as get_customer_memory answers it',
      mimeType: 'text/plain',
    },
    async (uri, { id }) => {
      const memory = await api.memory(String(id), {}).catch((error: unknown) => {
        throw new Error(messageOf(error))
      })
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: memory.text }] }
    },
  )

  return server
}

export interface Memory {
  text: string
  [key: string]: unknown
}

/** The HTTP calls the tools make, and API errors turned into MCP tool errors. */
class CebeApi {
  constructor(readonly target: ApiTarget) {}

  get(path: string, query: Record<string, string | undefined> = {}): Promise<unknown> {
    return getJson(this.target, path, query)
  }

  async post(path: string, body: unknown): Promise<unknown> {
    return (await callApi(this.target, { method: 'POST', path, body })).body
  }

  memory(id: string, options: { max_chars?: number; as_of?: string; modules?: string[] }): Promise<Memory> {
    return getJson<Memory>(this.target, `v1/customers/${encodeURIComponent(id)}/memory`, {
      max_chars: options.max_chars === undefined ? undefined : String(options.max_chars),
      as_of: options.as_of,
      modules: options.modules?.join(','),
    })
  }

  /**
   * A timeline page that fits `maxChars`: when `limit` events are too long, the page is asked again
   * with as many as fit, so its next_cursor continues right after the last event shown.
   */
  async timelinePage(
    id: string,
    query: Record<string, string | undefined>,
    limit: number,
    maxChars: number,
  ): Promise<CallToolResult> {
    const path = `v1/customers/${encodeURIComponent(id)}/timeline`
    const page = (n: number) =>
      this.get(path, { ...query, limit: String(n) }) as Promise<{
        events: unknown[]
        next_cursor: string | null
      }>
    const first = await page(limit)
    if (JSON.stringify(first).length <= maxChars) return json(first, maxChars)
    let used = JSON.stringify({ events: [], next_cursor: 'x'.repeat(200) }).length
    let fits = 0
    for (const event of first.events) {
      used += JSON.stringify(event).length + 1
      if (used > maxChars) break
      fits++
    }
    return json(await page(Math.max(1, fits)), maxChars)
  }

  async answer(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
    try {
      return await run()
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: messageOf(error) }] }
    }
  }
}

function json(value: unknown, maxChars = ANSWER_CHARS.default): CallToolResult {
  return { content: [{ type: 'text', text: boundJson(value, maxChars).text }] }
}

function messageOf(error: unknown): string {
  if (error instanceof CliError) return error.message
  return error instanceof Error ? error.message : String(error)
}
