/**
 * Closes the shared envelope around one event version: its name, its module, its attributes and
 * its customer rule. The result is the zod source of that version's JSON Schema artifact.
 */
import { z } from 'zod'
import { CUSTOMER_ID_ATTRIBUTE } from '../catalog/customer-id-attribute.js'
import type { CustomerRule, EventDefinition, EventVersion } from '../catalog/define-event.js'
import { IDENTITY_KEYWORD } from '../fields/marks.js'
import { missingCustomerMessage } from './customer-rule.js'
import { envelopeShape, tenantId } from './envelope-fields.js'

export type EventEnvelopeSchema = z.ZodType<Record<string, unknown>>

/** Names of top-level attributes that carry an identity mark (phone, email, bsuid, member_id). */
export function identityAttributeNames(attributes: z.ZodObject): string[] {
  const jsonSchema = z.toJSONSchema(attributes) as { properties?: Record<string, Record<string, unknown>> }
  return Object.entries(jsonSchema.properties ?? {})
    .filter(([, field]) => field[IDENTITY_KEYWORD] !== undefined)
    .map(([name]) => name)
}

/**
 * The attributes that can stand in for the envelope's `qontak_customer_id`: the identifiers of an
 * `or-identifier` event, and `qontak_customer_id` itself where the attributes carry it. Empty
 * when the envelope alone must name the customer.
 */
export function customerAttributeNames(rule: CustomerRule, attributes: z.ZodObject): string[] {
  if (rule === 'company-scoped') return []
  const names = rule === 'or-identifier' ? identityAttributeNames(attributes) : []
  if (CUSTOMER_ID_ATTRIBUTE in attributes.shape) names.push(CUSTOMER_ID_ATTRIBUTE)
  return names
}

export function eventEnvelopeSchema(event: EventDefinition, version: EventVersion): EventEnvelopeSchema {
  const rule: CustomerRule = event.customer
  const customerFields = customerAttributeNames(rule, version.attributes)
  const customerId = tenantId('The customer the event is about (authoritative identity)')
  const envelope = z.strictObject({
    ...envelopeShape,
    event_name: z.literal(event.name).meta({ description: 'Event name' }),
    schema_version: z.literal(version.version).optional().meta({ description: 'SchemaVer of this schema' }),
    source_module: z.literal(event.module).meta({ description: "The event's own module" }),
    qontak_customer_id:
      rule === 'required' && customerFields.length === 0 ? customerId : customerId.optional(),
    event_attributes: version.attributes,
  })
  if (customerFields.length === 0) return envelope

  return envelope.superRefine((value, ctx) => {
    const attributes = value.event_attributes as Record<string, unknown>
    if (
      value.qontak_customer_id === undefined &&
      !customerFields.some((name) => attributes[name] !== undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['qontak_customer_id'],
        message: missingCustomerMessage(customerFields),
      })
    }
  })
}
