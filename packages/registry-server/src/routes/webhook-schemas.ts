/** Request and answer schemas of /v1/webhooks (OpenAPI is generated from them). */
import { z } from 'zod'
import { isoTimestamp, nextCursor } from '../contract/common.js'
import { limit, queryString, single } from '../contract/request-params.js'

const subscription = z.object({
  id: z.string().meta({ examples: ['whk_0193a5c2-7d1e-7c3a-9b1e-2f0c4d5e6a7b'] }),
  url: z.string(),
  events: z.array(z.string()),
  filter: z.record(z.string(), z.unknown()).nullable(),
  segments: z.array(z.object({ transition: z.string(), segment_id: z.string().nullable() })).meta({
    description: 'Saved-segment entries/exits it receives; segment_id null: any segment of the company',
  }),
  description: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  disabled_reason: z.string().nullable(),
  created_at: isoTimestamp,
})

export const subscriptionView = subscription.extend({
  deliveries: z
    .object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int() })
    .optional()
    .meta({ description: 'Deliveries by status (GET /v1/webhooks/{id} only)' }),
})

export const createdSubscription = subscription.extend({
  secret: z
    .string()
    .meta({ description: 'whsec_<base64 key>: verify deliveries with it. Shown only in this answer.' }),
})

// Shapes only; `webhooks/new-subscription.ts` checks the values and lists every problem at once.
export const createSubscriptionBody = z.strictObject({
  url: z
    .string({ error: 'url: give the receiver URL as a string' })
    .min(1)
    .max(2048, { error: 'url: at most 2048 characters' })
    .meta({ examples: ['https://example.com/hooks/cebe'] }),
  events: z
    .array(z.string().min(1).max(128, { error: 'an event pattern has at most 128 characters' }), {
      error: 'events: give a list of event names, "prefix.*" or "*"',
    })
    .max(50, { error: 'events: at most 50 patterns' })
    .meta({
      description: 'Event names, "prefix.*" or "*"; may be empty when "segments" is given',
      examples: [['ticket.sla_breached', 'campaign.*']],
    }),
  filter: z
    .record(z.string(), z.unknown(), { error: 'filter: give an object of attribute conditions, or null' })
    .nullable()
    .optional()
    .meta({
      description:
        'All must hold, on event_attributes: {"channel": "whatsapp", "amount": {"op": ">=", "value": 100}}; "$.source_module" for envelope fields',
    }),
  segments: z
    .array(
      z.strictObject({
        transition: z
          .string({ error: 'segments: transition is "segment.entered" or "segment.exited"' })
          .max(64)
          .meta({ description: '"segment.entered" or "segment.exited"' }),
        segment_id: z
          .string()
          .min(1)
          .max(128, { error: 'a segment id has at most 128 characters' })
          .optional(),
      }),
      { error: 'segments: give a list of {"transition", "segment_id"?}' },
    )
    .max(50, { error: 'segments: at most 50 entries' })
    .optional()
    .meta({
      description:
        'Saved-segment entries and exits to receive (docs/guides/webhooks.md); segment_id absent: any segment of the company',
      examples: [[{ transition: 'segment.entered', segment_id: 'seg_0193a5c2-7d1e-7c3a-9b1e-2f0c4d5e6a7b' }]],
    }),
  secret: z
    .string({ error: 'secret: give a whsec_ secret as a string' })
    .optional()
    .meta({ description: 'whsec_<base64 of 24–64 bytes>; generated when absent' }),
  description: z.string().max(256, { error: 'description: at most 256 characters' }).optional(),
})

export const idParams = z.object({
  id: z.string().max(128, { error: 'a webhook id has at most 128 characters' }),
})

export const DEAD_LETTERS_DEFAULT_LIMIT = 100

/** A page's cursor is its last delivery id (`msg_` and a UUID). */
const deliveryCursor = single('cursor')
  .regex(/^msg_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    error: 'cursor is not a cursor this server issued; pass next_cursor from the previous page unchanged',
  })
  .optional()
  .meta({ type: 'string', description: 'next_cursor of the previous page' })

export const deadLettersQuery = queryString({
  limit: limit(500, DEAD_LETTERS_DEFAULT_LIMIT),
  cursor: deliveryCursor,
})

/** `GET …/deliveries`: the dead-letter page's parameters and a status. */
export const deliveriesQuery = queryString({
  status: z
    .enum(['pending', 'delivered', 'dead'], {
      error: (issue) =>
        typeof issue.input === 'string'
          ? `unknown status "${issue.input}"; use pending, delivered or dead`
          : 'give status once',
    })
    .optional()
    .meta({ description: 'Only deliveries in this state; all when absent' }),
  limit: limit(500, DEAD_LETTERS_DEFAULT_LIMIT),
  cursor: deliveryCursor,
})

export const deadLettersResponse = z.object({
  deliveries: z.array(
    z.object({
      delivery_id: z.string(),
      subscription_id: z.string(),
      event_id: z.string(),
      event_name: z.string(),
      status: z.enum(['pending', 'delivered', 'dead']),
      attempts: z.number().int(),
      last_status: z
        .number()
        .int()
        .nullable()
        .meta({ description: 'HTTP status of the last attempt; null: no answer' }),
      last_error: z.string().nullable(),
      created_at: isoTimestamp,
      finished_at: isoTimestamp.nullable().meta({ description: 'When it was delivered or dead-lettered' }),
      failed_at: isoTimestamp.nullable().meta({ description: 'When it was dead-lettered; null otherwise' }),
    }),
  ),
  next_cursor: nextCursor,
})

export const replayBody = z
  .strictObject({
    delivery_ids: z
      .array(z.string().max(128), { error: 'delivery_ids: give a list of delivery ids' })
      .max(1000, { error: 'delivery_ids: at most 1000 at a time' })
      .optional()
      .meta({ description: 'Only these dead letters; all of the subscription when absent' }),
  })
  .nullable()
  .optional()

export const replayResponse = z.object({
  replayed: z.number().int().meta({ description: 'Dead letters made due again' }),
})
