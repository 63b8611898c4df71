/**
 * The HTTP API page, from the server's OpenAPI document when one is available (the server's own
 * `/openapi.json`, or a committed `docs/reference/openapi.json`), else from the API contract of
 * the architecture, kept here as data.
 */
import { cell, code, page, table, text } from './markdown.js'

export interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string }
  paths?: Record<string, Record<string, OpenApiOperation>>
}

interface OpenApiOperation {
  summary?: string
  description?: string
  tags?: string[]
  parameters?: {
    name: string
    in: string
    required?: boolean
    description?: string
    schema?: { type?: string }
  }[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { description?: string }>
}

type Schema = {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  description?: string
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** ARCHITECTURE.md's endpoint table, for when no OpenAPI document can be had at build time. */
const CONTRACT: readonly [string, string][] = [
  [
    'POST /v1/events',
    'Batch ingest `{events: [...]}` → 200 `{accepted, duplicates, rejected: [{index, event_id, errors: [{path, message}]}]}`; partial success per event. 400 unparseable, 401/403 auth, 413 too large, 415 not JSON, 429/503 with `Retry-After`.',
  ],
  [
    'GET /v1/events',
    "The company's event feed, newest first — company-scoped and unresolved events included; filters `from, to, modules, events`; cursor pagination; PII masked by role.",
  ],
  ['GET /v1/schemas', 'The catalog: every event and its versions.'],
  ['GET /v1/schemas/{event}', 'One event: its versions and latest JSON Schema.'],
  ['GET /v1/schemas/{event}/versions/{v}', 'The JSON Schema of one version.'],
  [
    'POST /v1/schemas/{event}/versions',
    'Register a custom event or a new version; 409 with the breaking changes if incompatible.',
  ],
  [
    'GET /v1/customers',
    'Find customers by id prefix, identifier or attribute text, optionally in a segment; cursor pagination.',
  ],
  [
    'GET /v1/customers/{id}',
    'Profile: identity, attributes from CDP events, segments, loyalty, health score, key metrics.',
  ],
  [
    'GET /v1/customers/{id}/timeline',
    'Events newest first; filters `from, to, modules, events`; cursor pagination; PII masked by role.',
  ],
  ['GET /v1/customers/{id}/metrics', 'Customer-scope [metrics](/reference/metrics.md) over `from, to`.'],
  ['GET /v1/customers/{id}/memory', 'A compact, token-bounded summary for an AI agent.'],
  [
    'GET /v1/metrics',
    'Company-scope metrics over `from, to`, optional `group_by` (campaign_id, ad_platform).',
  ],
  ['POST /v1/segments/preview', 'Preview the members of a segment rule.'],
  ['POST /v1/segments', 'Create a rule-based segment.'],
  ['GET /v1/segments/{id}/members', 'The members of a segment.'],
  ['POST /v1/webhooks', 'Subscribe by event pattern and filter; deliveries are HMAC-signed and retried.'],
  ['GET /v1/webhooks', 'List subscriptions.'],
  ['DELETE /v1/webhooks', 'Remove a subscription.'],
  ['POST /v1/backfill', 'NDJSON stream of historical events; idempotent, fires no webhooks.'],
  ['GET /healthz', 'Liveness.'],
  ['GET /readyz', 'Readiness: the store is reachable.'],
  ['GET /metrics', 'Prometheus metrics.'],
  ['GET /openapi.json', 'The OpenAPI document of all of the above.'],
]

const INTRO = [
  'The registry server listens on `http://127.0.0.1:4747` by default (see [running the server](/guides/running-the-server.md)).',
  'Authenticate with `Authorization: Bearer <key>`: write keys belong to one company and a set of source modules; ' +
    'read keys to one company and a role (`admin`, `marketing`, `service`, `ai_agent`, `analyst`) that decides ' +
    'which PII is shown. Errors are JSON `{"error": {"code", "message", "details"?}}`.',
].join('\n\n')

export function apiPage(openapi: OpenApiDocument | undefined, source: string): string {
  return page({ title: 'HTTP API', description: 'The CEBE registry server HTTP API.' }, [
    '# HTTP API',
    INTRO,
    openapi?.paths ? operations(openapi) : contractTable(),
    `<small>Source: ${text(source)}.</small>`,
  ])
}

function contractTable(): string {
  return [
    '## Endpoints',
    table(
      ['Endpoint', 'What'],
      CONTRACT.map(([e, what]) => [code(e), cell(what)]),
    ),
  ].join('\n\n')
}

function operations(doc: OpenApiDocument): string {
  const blocks: string[] = ['## Endpoints']
  const index: string[][] = []
  const details: string[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const title = `${method.toUpperCase()} ${path}`
      const anchor = `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
      index.push([`[${code(title)}](#${anchor})`, cell(op.summary ?? op.description ?? '')])
      details.push(`### ${title.replaceAll('{', '&#123;')} {#${anchor}}`, ...operationDetail(op))
    }
  }
  blocks.push(table(['Endpoint', 'What'], index), ...details)
  return blocks.join('\n\n')
}

function operationDetail(op: OpenApiOperation): string[] {
  const out: string[] = []
  if (op.description) out.push(text(op.description))
  if (op.parameters?.length)
    out.push(
      table(
        ['Parameter', 'In', 'Required', 'Type', 'Description'],
        op.parameters.map((p) => [
          code(p.name),
          p.in,
          p.required ? 'yes' : 'no',
          code(p.schema?.type ?? 'string'),
          cell(p.description ?? ''),
        ]),
      ),
    )
  const body = Object.entries(op.requestBody?.content ?? {})[0]
  if (body) {
    const [type, { schema }] = body
    const props = Object.entries(schema?.properties ?? {})
    out.push(
      `Request body (${code(type)})${props.length ? ':' : '.'}`,
      ...(props.length
        ? [
            table(
              ['Field', 'Type', 'Required', 'Description'],
              props.map(([name, s]) => [
                code(name),
                code(s.type ?? 'any'),
                schema?.required?.includes(name) ? 'yes' : 'no',
                cell(s.description ?? ''),
              ]),
            ),
          ]
        : []),
    )
  }
  const responses = Object.entries(op.responses ?? {})
  if (responses.length)
    out.push(
      table(
        ['Status', 'Meaning'],
        responses.map(([status, r]) => [code(status), cell(r.description ?? '')]),
      ),
    )
  return out
}
