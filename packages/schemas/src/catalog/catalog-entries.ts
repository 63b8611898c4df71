/**
 * `catalog`: every event with everything a reader needs — module, versions, description, JSON
 * Schema, example envelope, PII and identity marks. Built lazily and once, since generating the
 * JSON Schemas costs a few milliseconds the SDK's hot path never needs.
 */
import type { Actor, SchemaVer, SourceModule } from '../envelope/envelope-fields.js'
import { type FieldMark, readMarks } from '../fields/marks.js'
import { buildEventJsonSchema, type JsonSchema } from '../json-schema/event-json-schema.js'
import { CATALOG_EVENTS } from './catalog.js'
import type { CustomerRule, EventDefinition, EventVersion } from './define-event.js'

export interface CatalogVersion {
  version: SchemaVer
  changes?: string
  jsonSchema: JsonSchema
  /** A complete, valid envelope for this version. */
  example: Record<string, unknown>
  marks: FieldMark[]
}

export interface CatalogEntry {
  name: string
  module: SourceModule
  description: string
  customer: CustomerRule
  notes: readonly string[]
  /** Latest version. */
  version: SchemaVer
  jsonSchema: JsonSchema
  example: Record<string, unknown>
  marks: FieldMark[]
  /** Every version, oldest first. */
  versions: CatalogVersion[]
}

/** The company, customer and clock every shipped example uses. */
export const EXAMPLE_TENANT = {
  company_id: 'company_acme',
  company_sso_id: 'sso_acme',
  qontak_customer_id: 'cust_0001',
  event_timestamp: '2026-11-27T03:15:00Z',
} as const

export function exampleEnvelope(event: EventDefinition, version: EventVersion): Record<string, unknown> {
  const { qontak_customer_id, ...tenant } = EXAMPLE_TENANT
  const actor: Actor = event.exampleActor
  return {
    event_id: `example-${event.name}-${version.version}`,
    event_name: event.name,
    schema_version: version.version,
    company_id: tenant.company_id,
    company_sso_id: tenant.company_sso_id,
    ...(event.customer !== 'company-scoped' && { qontak_customer_id }),
    actor,
    event_timestamp: tenant.event_timestamp,
    source_module: event.module,
    trigger_from: event.exampleTriggerFrom,
    event_attributes: version.example,
  }
}

function entryOf(event: EventDefinition): CatalogEntry {
  const versions = event.versions.map((version): CatalogVersion => {
    const jsonSchema = buildEventJsonSchema(event, version)
    return {
      version: version.version,
      ...(version.changes && { changes: version.changes }),
      jsonSchema,
      example: exampleEnvelope(event, version),
      marks: readMarks(jsonSchema),
    }
  })
  const latest = versions.at(-1)!
  return {
    name: event.name,
    module: event.module,
    description: event.description,
    customer: event.customer,
    notes: event.notes,
    version: latest.version,
    jsonSchema: latest.jsonSchema,
    example: latest.example,
    marks: latest.marks,
    versions,
  }
}

let entries: readonly CatalogEntry[] | undefined

/** Every catalog event, in module order. */
export function getCatalog(): readonly CatalogEntry[] {
  entries ??= Object.freeze(CATALOG_EVENTS.map(entryOf))
  return entries
}
