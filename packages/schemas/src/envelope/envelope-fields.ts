/**
 * The envelope every event travels in (ARCHITECTURE.md, "Wire format"). These are the shared
 * fields; `event-schema.ts` closes them around one event's name, module and attributes.
 */
import { z } from 'zod'
import { freeText, personName, timestamp } from '../fields/field-types.js'
import {
  ACTOR_TYPES,
  EVENT_ID_PATTERN,
  EVENT_NAME_PATTERN,
  SCHEMAVER_PATTERN,
  SOURCE_MODULES,
} from './envelope-constants.js'

export * from './envelope-constants.js'

export const tenantId = (description: string) => z.string().min(1).max(64).meta({ description })

export const actorSchema = z
  .strictObject({
    type: z.enum(ACTOR_TYPES).meta({ description: 'Who did it' }),
    id: z.string().min(1).max(128).optional().meta({ description: "The actor's id in its own module" }),
    name: personName("The actor's display name").optional(),
  })
  .meta({ description: 'Who caused the event' })
export type Actor = z.infer<typeof actorSchema>

/** Envelope fields shared by every event, in wire order; `event_attributes` is added per event. */
export const envelopeShape = {
  event_id: z
    .string()
    .regex(EVENT_ID_PATTERN)
    .meta({ description: 'Idempotency key, 1–128 of [A-Za-z0-9._:-]; the SDK sets a UUIDv7' }),
  event_name: z
    .string()
    .regex(EVENT_NAME_PATTERN)
    .meta({ description: 'Catalog or registered custom event name' }),
  schema_version: z
    .string()
    .regex(SCHEMAVER_PATTERN)
    .optional()
    .meta({ description: 'SchemaVer M-R-A of the event schema; absent means the latest version' }),
  company_id: tenantId('Tenant id; must match the write key'),
  company_sso_id: tenantId('Tenant SSO id'),
  qontak_customer_id: tenantId('The customer the event is about (authoritative identity)').optional(),
  actor: actorSchema,
  event_timestamp: timestamp(
    'When it happened at the source (RFC 3339 with offset); at most 1 h in the future',
  ),
  source_module: z.enum(SOURCE_MODULES).meta({ description: 'The module that emits the event' }),
  trigger_from: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: 'What caused it: user, agent, automation, api, import, system, …' }),
  // Written by the caller, so it can name the customer: personal data like any free text.
  event_description: freeText('Free description; defaults to the catalog description').optional(),
  sent_at: timestamp('Set by the SDK at send time; lets the server see clock skew').optional(),
} as const
