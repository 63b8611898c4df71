/** Answers of `GET /v1/customers` and `GET /v1/customers/{id}` (segment members reuse the summary). */
import { z } from 'zod'
import { isoTimestamp, jsonObject, nextCursor } from '../contract/common.js'
import { healthAnswer, metricValues } from '../contract/metric-answers.js'

const identifiers = z.array(z.object({ kind: z.string(), value: z.string() })).meta({
  description:
    'Identifiers resolved to this customer (phone, email, bsuid, member_id), learned from its CDP events; ' +
    'values masked by the key role',
})

const displayName = z.string().nullable().meta({
  description:
    'full_name, display_name or name (else first and last name) of the attributes; masked as a name',
})

export const customerSummary = z.object({
  customer_id: z.string(),
  display_name: displayName,
  identifiers,
  last_event_at: isoTimestamp.nullable(),
})

export const searchAnswer = z.object({
  customers: z
    .array(customerSummary)
    .meta({ description: 'Matching customers in customer id order (binary)' }),
  next_cursor: nextCursor,
})

const fieldMap = jsonObject.meta({ description: 'Field name → current value (masked by the key role)' })

export const profileAnswer = z.object({
  customer_id: z.string(),
  display_name: displayName,
  identifiers,
  attributes: z.object({ default_fields: fieldMap, custom_fields: fieldMap }).meta({
    description:
      'Current values folded from customer.created (default_fields, custom_fields) and customer.updated ' +
      '(change_fields new_value) in event_timestamp order, ties by event_id (binary). Names, phones and ' +
      'emails among the default fields are masked as such; every other value as a custom value.',
  }),
  segments: z
    .array(z.object({ segment_id: z.string(), segment_name: z.string().nullable(), since: isoTimestamp }))
    .meta({ description: 'Segments whose latest membership event is segment.entered (cdp.segments)' }),
  loyalty: z
    .object({
      member: z.boolean(),
      tier: z.string().nullable(),
      available_points: z.number().nullable(),
      programs: z.array(z.string()).meta({ description: 'Programs the customer is enrolled in' }),
    })
    .meta({
      description:
        'loyalty.member, loyalty.tier and loyalty.available_points as METRICS.md defines them, now',
    }),
  first_seen: isoTimestamp.meta({ description: 'Earliest event_timestamp' }),
  last_seen: isoTimestamp.meta({ description: 'Latest event_timestamp' }),
  events_total: z.number().int(),
  event_counts: z
    .record(z.string(), z.number().int())
    .meta({ description: 'Events per source module (modules without events are absent)' }),
  metrics: metricValues('customer').meta({
    description:
      'Every customer metric of METRICS.md by id, over all history up to now (as GET /v1/customers/{id}/metrics)',
  }),
  health: healthAnswer,
})
