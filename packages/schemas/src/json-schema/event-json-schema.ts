/**
 * Builds the draft 2020-12 JSON Schema of each event version from its zod source with zod 4's
 * own `z.toJSONSchema` (ADR 0002). Refinements do not survive that conversion, so the one rule
 * written as a refinement — "a customer id in the envelope, or an attribute that stands in for
 * it" — is added here as `anyOf`.
 */
import { z } from 'zod'
import type { EventDefinition, EventVersion } from '../catalog/define-event.js'
import { envelopeShape, SOURCE_MODULES } from '../envelope/envelope-fields.js'
import { customerAttributeNames, eventEnvelopeSchema } from '../envelope/event-schema.js'

export type JsonSchema = { [key: string]: unknown }

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

export function eventSchemaId(name: string, version: string): string {
  return `urn:cebe:event:${name}:${version}`
}

export const ENVELOPE_SCHEMA_ID = 'urn:cebe:envelope'

export function buildEventJsonSchema(event: EventDefinition, version: EventVersion): JsonSchema {
  const generated = z.toJSONSchema(eventEnvelopeSchema(event, version), { unrepresentable: 'throw' }) as JsonSchema
  const { $schema: _dialect, ...body } = generated
  const schema: JsonSchema = {
    $schema: JSON_SCHEMA_DIALECT,
    $id: eventSchemaId(event.name, version.version),
    title: `${event.name} ${version.version}`,
    description: event.description,
    'x-cebe-module': event.module,
    'x-cebe-version': version.version,
    ...body,
  }
  const customerFields = customerAttributeNames(event.customer, version.attributes)
  if (customerFields.length > 0) {
    schema.anyOf = [
      { type: 'object', properties: { qontak_customer_id: true }, required: ['qontak_customer_id'] },
      {
        type: 'object',
        properties: {
          event_attributes: {
            type: 'object',
            anyOf: customerFields.map((name) => ({ type: 'object', properties: { [name]: true }, required: [name] })),
          },
        },
        required: ['event_attributes'],
      },
    ]
  }
  return schema
}

/** The envelope alone, for any event (catalog or custom): attributes are an open object here. */
export function buildEnvelopeJsonSchema(): JsonSchema {
  const envelope = z.strictObject({
    ...envelopeShape,
    event_attributes: z.record(z.string(), z.unknown()).meta({ description: "The event's own payload" }),
  })
  const { $schema: _dialect, ...body } = z.toJSONSchema(envelope, { unrepresentable: 'throw' }) as JsonSchema
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: ENVELOPE_SCHEMA_ID,
    title: 'CEBE event envelope',
    description: `Every CEBE event. source_module is one of ${SOURCE_MODULES.join(', ')}; event_attributes is validated by the event's own schema.`,
    ...body,
  }
}
