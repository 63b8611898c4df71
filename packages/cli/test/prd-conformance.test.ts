/**
 * PRD conformance (ARCHITECTURE.md): an event carrying exactly the key payload fields of its PRD
 * row validates — in the schemas, the SDK, `cebe validate` and `POST /v1/events` on SQLite and
 * PostgreSQL. A field CEBE adds is optional unless it is on the documented list.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningServer, startServer } from '@cebe/registry-server'
import { getCatalog, SOURCE_MODULES, validateEvent } from '@cebe/schemas'
import { createClient } from '@cebe/sdk'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cebe, withTempDir } from './run-cli.js'
import { storeKey } from './support/api-keys.js'
import { PRD_PAYLOAD_FIELDS, REQUIRED_ADDITIONS } from './support/prd-payload-fields.js'

const COMPANY = 'co_prd'
const SSO = 'sso_prd'
const CUSTOMER = 'cust_prd_0001'

// PRD fields the shipped examples leave out; any valid value of the field's type does.
const VALUES_NOT_IN_EXAMPLES: Record<string, unknown> = {
  qontak_customer_id: CUSTOMER,
  email: 'sari.wulandari@example.co.id',
  bsuid: 'ID.1234567890123456',
  lead_form_id: 'lf_ramadan_2026',
  expired_point_at: '2027-11-27T23:59:59+07:00',
}

type Event = Record<string, any>

/** The event a producer following the PRD's row would send: those fields, nothing else, no schema_version. */
function prdEvent(name: string): Event {
  const entry = getCatalog().find((e) => e.name === name)
  if (!entry) throw new Error(`the catalog has no ${name}`)
  const example = entry.example as Event
  const attributes: Event = {}
  for (const field of [...PRD_PAYLOAD_FIELDS[name]!, ...(REQUIRED_ADDITIONS[name] ?? [])]) {
    attributes[field] =
      field in example.event_attributes ? example.event_attributes[field] : VALUES_NOT_IN_EXAMPLES[field]
    if (attributes[field] === undefined) throw new Error(`no test value for ${name}.${field}`)
  }
  const { schema_version: _latest, ...envelope } = example
  return {
    ...envelope,
    event_id: randomUUID(),
    company_id: COMPANY,
    company_sso_id: SSO,
    qontak_customer_id: CUSTOMER,
    event_timestamp: '2026-11-20T10:00:00+07:00',
    event_attributes: attributes,
  }
}

const PRD_EVENTS = Object.keys(PRD_PAYLOAD_FIELDS)
const prdEvents = () => PRD_EVENTS.map(prdEvent)
/** The PRD rows that list qontak_customer_id, sent with it only in event_attributes. */
const customerInAttributesOnly = () =>
  prdEvents()
    .filter((e) => 'qontak_customer_id' in e.event_attributes)
    .map(({ qontak_customer_id: _inEnvelope, ...event }) => event)

function problems(events: Event[], validate: (event: Event) => { ok: boolean; errors?: unknown }): string[] {
  return events.flatMap((event) => {
    const result = validate(event)
    return result.ok ? [] : [`${event.event_name}: ${JSON.stringify(result.errors)}`]
  })
}

describe('the PRD table of this test', () => {
  it('names exactly the 52 catalog events', () => {
    expect(PRD_EVENTS).toHaveLength(52)
    expect([...PRD_EVENTS].sort()).toEqual(
      getCatalog()
        .map((e) => e.name)
        .sort(),
    )
  })
})

describe('@cebe/schemas', () => {
  it('accepts every PRD-shaped event (52/52)', () => {
    expect(problems(prdEvents(), (e) => validateEvent(e))).toEqual([])
  })

  it('accepts qontak_customer_id only in event_attributes where the PRD row lists it', () => {
    const events = customerInAttributesOnly()
    expect(events).toHaveLength(11)
    expect(problems(events, (e) => validateEvent(e))).toEqual([])
  })

  it('requires no attribute beyond the PRD row, except the documented additions', () => {
    const extra = getCatalog().flatMap((entry) => {
      const latest = entry.versions.at(-1)!.jsonSchema as Event
      const required: string[] = latest.properties.event_attributes.required ?? []
      const allowed = new Set([...PRD_PAYLOAD_FIELDS[entry.name]!, ...(REQUIRED_ADDITIONS[entry.name] ?? [])])
      return required.filter((field) => !allowed.has(field)).map((field) => `${entry.name}.${field}`)
    })
    expect(extra).toEqual([])
  })
})

describe('cebe validate', () => {
  it('accepts every PRD-shaped event (52/52) and the attribute-only customer ids', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'prd.ndjson')
      const events = [...prdEvents(), ...customerInAttributesOnly()]
      await writeFile(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`)
      const run = await cebe('validate', file)
      expect(run.stdout).toBe(`✓ ${events.length} events valid in 1 file\n`)
      expect(run.code).toBe(0)
    }))
})

// ── The server, and the SDK sending to it, on both stores ─────────────────────────────────────

const POSTGRES_URL = process.env.CEBE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return undefined
  } catch (error) {
    if (process.env.CEBE_REQUIRE_POSTGRES === '1') throw error
    return error instanceof Error ? error.message : String(error)
  } finally {
    await client.end().catch(() => undefined)
  }
}

interface Store {
  name: string
  skipReason?: string
  open(dir: string): Promise<{ databaseUrl: string; drop(): Promise<void> }>
}

const pgSkip = await postgresProblem()
if (pgSkip) console.warn(`[cebe tests] skipping the PostgreSQL PRD-conformance suite: ${pgSkip}`)

const STORES: Store[] = [
  { name: 'sqlite', open: async (dir) => ({ databaseUrl: join(dir, 'cebe.db'), drop: async () => {} }) },
  {
    name: 'postgres',
    ...(pgSkip && { skipReason: pgSkip }),
    async open() {
      const schema = `cebe_t_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: POSTGRES_URL })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      await admin.end()
      const url = new URL(POSTGRES_URL)
      url.searchParams.set('options', `-c search_path=${schema}`)
      return {
        databaseUrl: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: POSTGRES_URL })
          await client.connect()
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
          await client.end()
        },
      }
    },
  },
]

describe.each(STORES)('POST /v1/events and the SDK on $name', (store) => {
  let server: RunningServer
  let writeKey: string
  let readKey: string
  let dir: string
  let drop: () => Promise<void>

  beforeAll(async () => {
    if (store.skipReason) return
    dir = await mkdtemp(join(tmpdir(), 'cebe-prd-'))
    const database = await store.open(dir)
    drop = database.drop
    server = await startServer({ databaseUrl: database.databaseUrl, port: 0, logLevel: false })
    writeKey = await createKey(server, 'write')
    readKey = await createKey(server, 'read')
  })
  afterAll(async () => {
    if (store.skipReason) return
    await server?.close()
    await drop?.()
    await rm(dir, { recursive: true, force: true })
  })

  /** The ids of the customer's events the server stores, as an admin reads them. */
  async function storedIds(): Promise<Set<string>> {
    const timeline = await fetch(`${server.url}/v1/customers/${CUSTOMER}/timeline?limit=500`, {
      headers: { authorization: `Bearer ${readKey}` },
    }).then((r) => r.json() as Promise<{ events: Event[] }>)
    return new Set(timeline.events.map((e) => e.event_id))
  }

  it.skipIf(store.skipReason)('POST /v1/events accepts every PRD-shaped event (52/52)', async () => {
    const response = await post(server.url, writeKey, prdEvents())
    expect(response.rejected).toEqual([])
    expect(response.accepted).toBe(52)
  })

  it.skipIf(store.skipReason)(
    'takes qontak_customer_id from event_attributes into the envelope, and rejects a different one',
    async () => {
      const events = customerInAttributesOnly()
      const response = await post(server.url, writeKey, events)
      expect(response.rejected).toEqual([])
      expect(response.accepted).toBe(events.length)
      const stored = await storedIds()
      expect(events.filter((e) => !stored.has(e.event_id)).map((e) => e.event_name)).toEqual([])

      const mismatch = prdEvent('customer.updated')
      mismatch.event_attributes.qontak_customer_id = 'cust_someone_else'
      const refused = await post(server.url, writeKey, [mismatch])
      expect(refused.accepted).toBe(0)
      expect(refused.rejected[0].errors).toEqual([
        expect.objectContaining({ path: '/event_attributes/qontak_customer_id', code: 'customer_mismatch' }),
      ])
      expect(refused.rejected[0].errors[0].message).toContain('cust_someone_else')
      expect(refused.rejected[0].errors[0].message).toContain(CUSTOMER)
    },
  )

  it.skipIf(store.skipReason)('the SDK validates and delivers every PRD-shaped event (52/52)', async () => {
    const errors: string[] = []
    const tracked: string[] = []
    const events = prdEvents()
    for (const module of SOURCE_MODULES) {
      const client = createClient({
        endpoint: server.url,
        writeKey,
        companyId: COMPANY,
        companySsoId: SSO,
        sourceModule: module,
        validation: 'report',
        onError: (error) => errors.push(error.message),
      })
      for (const event of events.filter((e) => e.source_module === module)) {
        const result = await client.track(event.event_name, {
          qontak_customer_id: event.qontak_customer_id,
          actor: event.actor,
          trigger_from: event.trigger_from,
          event_timestamp: event.event_timestamp,
          attributes: event.event_attributes as never,
        })
        tracked.push(result.eventId)
      }
      await client.shutdown()
    }
    expect(errors).toEqual([])
    expect(tracked).toHaveLength(52)
    const stored = await storedIds()
    expect(tracked.filter((id) => !stored.has(id))).toEqual([])
  })
})

function createKey(server: RunningServer, type: 'write' | 'read'): Promise<string> {
  return type === 'write'
    ? storeKey(server.store, { companyId: COMPANY, type, modules: SOURCE_MODULES })
    : storeKey(server.store, { companyId: COMPANY, type, role: 'admin' })
}

async function post(url: string, key: string, events: Event[]): Promise<Record<string, any>> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, any>
}
