/**
 * The shared corpus: for every catalog event version, its example and the mutations that must
 * be rejected, each with the JSON pointer the rejection must name. Both the rejection tests and
 * the zod/ajv agreement test read it.
 */
import { type CatalogEntry, type CatalogVersion, getCatalog } from '../src/index.js'

export interface CorpusCase {
  label: string
  event: string
  version: string
  input: Record<string, unknown>
  valid: boolean
  /** For invalid cases: the pointer the first matching error must carry. */
  path?: string
}

type Json = Record<string, unknown>
const clone = <T>(value: T): T => structuredClone(value)

function attributeSchema(version: CatalogVersion): { properties: Record<string, Json>; required: string[] } {
  return (version.jsonSchema.properties as Record<string, any>).event_attributes
}

/** A value of the wrong JSON type for a property schema. */
function wrongTypeFor(schema: Json): unknown {
  const type =
    schema.type ?? (schema.anyOf ? 'union' : schema.const !== undefined ? typeof schema.const : 'string')
  if (type === 'string') return 12345
  if (type === 'number' || type === 'integer') return 'not-a-number'
  if (type === 'boolean') return 'yes'
  if (type === 'array') return { not: 'an array' }
  if (type === 'object') return ['not', 'an', 'object']
  return [{ nested: 'object' }]
}

function envelopeCases(entry: CatalogEntry, version: CatalogVersion): CorpusCase[] {
  const base = version.example
  const make = (label: string, mutate: (e: Json) => void, valid = false, path?: string): CorpusCase => {
    const input = clone(base)
    mutate(input)
    return {
      label,
      event: entry.name,
      version: version.version,
      input,
      valid,
      ...(path !== undefined && { path }),
    }
  }
  const wrongModule = entry.module === 'cdp' ? 'loyalty' : 'cdp'
  const cases: CorpusCase[] = [
    make('example', () => {}, true),
    make('missing event_id', (e) => delete e.event_id, false, '/event_id'),
    make('event_id with a space', (e) => (e.event_id = 'has space'), false, '/event_id'),
    make('event_id of 129 characters', (e) => (e.event_id = 'a'.repeat(129)), false, '/event_id'),
    make('event_id of UUIDv7', (e) => (e.event_id = '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b'), true),
    make('wrong source_module', (e) => (e.source_module = wrongModule), false, '/source_module'),
    make('unknown source_module', (e) => (e.source_module = 'billing'), false, '/source_module'),
    make(
      'malformed event_timestamp',
      (e) => (e.event_timestamp = '2026-11-27 03:15:00'),
      false,
      '/event_timestamp',
    ),
    make(
      'event_timestamp without offset',
      (e) => (e.event_timestamp = '2026-11-27T03:15:00'),
      false,
      '/event_timestamp',
    ),
    make(
      'event_timestamp on 30 February',
      (e) => (e.event_timestamp = '2024-02-30T00:00:00Z'),
      false,
      '/event_timestamp',
    ),
    make('event_timestamp on a leap day', (e) => (e.event_timestamp = '2024-02-29T23:59:59.999+07:00'), true),
    make(
      'event_timestamp as a number',
      (e) => (e.event_timestamp = 1764213300000),
      false,
      '/event_timestamp',
    ),
    make('malformed sent_at', (e) => (e.sent_at = 'yesterday'), false, '/sent_at'),
    make('valid sent_at', (e) => (e.sent_at = '2026-11-27T03:15:01.250Z'), true),
    make('missing company_id', (e) => delete e.company_id, false, '/company_id'),
    make('company_id of 65 characters', (e) => (e.company_id = 'c'.repeat(65)), false, '/company_id'),
    make('empty company_sso_id', (e) => (e.company_sso_id = ''), false, '/company_sso_id'),
    make('unknown actor type', (e) => (e.actor = { type: 'robot' }), false, '/actor/type'),
    make('actor with an unknown key', (e) => (e.actor = { type: 'agent', role: 'x' }), false, '/actor/role'),
    make('missing actor', (e) => delete e.actor, false, '/actor'),
    make('empty trigger_from', (e) => (e.trigger_from = ''), false, '/trigger_from'),
    make(
      'event_description over 1024',
      (e) => (e.event_description = 'x'.repeat(1025)),
      false,
      '/event_description',
    ),
    make('unknown envelope key', (e) => (e.event_atributes = {}), false, '/event_atributes'),
    make('schema_version of another version', (e) => (e.schema_version = '9-9-9'), false, '/schema_version'),
    make('event_attributes not an object', (e) => (e.event_attributes = 'x'), false, '/event_attributes'),
    make('missing event_attributes', (e) => delete e.event_attributes, false, '/event_attributes'),
  ]
  if (version.version === entry.version)
    cases.push(make('example without schema_version (latest)', (e) => delete e.schema_version, true))
  if (entry.customer === 'required')
    cases.push(
      make('missing qontak_customer_id', (e) => delete e.qontak_customer_id, false, '/qontak_customer_id'),
    )
  if (entry.customer === 'company-scoped') cases.push(make('company-scoped without customer', () => {}, true))
  if (entry.customer === 'or-identifier') {
    const identity = version.marks.filter((m) => m.identity).map((m) => m.path.split('/').pop()!)
    cases.push(
      make(
        'no customer id and no identifier',
        (e) => {
          delete e.qontak_customer_id
          for (const f of identity) delete (e.event_attributes as Json)[f]
        },
        false,
        '/qontak_customer_id',
      ),
      make(
        'no customer id but an identifier',
        (e) => {
          delete e.qontak_customer_id
          const attrs = e.event_attributes as Json
          for (const f of identity) delete attrs[f]
          const first = identity[0]!
          attrs[first] =
            first === 'email' ? 'sari@example.com' : first === 'phone' ? '+6281234567890' : 'id_123'
        },
        true,
      ),
    )
  }
  return cases
}

function attributeCases(entry: CatalogEntry, version: CatalogVersion): CorpusCase[] {
  const schema = attributeSchema(version)
  const cases: CorpusCase[] = []
  const make = (label: string, mutate: (a: Json) => void, path: string): CorpusCase => {
    const input = clone(version.example)
    mutate(input.event_attributes as Json)
    return { label, event: entry.name, version: version.version, input, valid: false, path }
  }
  for (const field of schema.required) {
    cases.push(make(`missing required ${field}`, (a) => delete a[field], `/event_attributes/${field}`))
  }
  for (const [field, fieldSchema] of Object.entries(schema.properties)) {
    cases.push(
      make(
        `wrong type for ${field}`,
        (a) => (a[field] = wrongTypeFor(fieldSchema)),
        `/event_attributes/${field}`,
      ),
    )
  }
  cases.push(make('unknown attribute key', (a) => (a.not_in_schema = 1), '/event_attributes/not_in_schema'))
  return cases
}

export function buildCorpus(): CorpusCase[] {
  return getCatalog().flatMap((entry) =>
    entry.versions.flatMap((version) => [
      ...envelopeCases(entry, version),
      ...attributeCases(entry, version),
    ]),
  )
}
