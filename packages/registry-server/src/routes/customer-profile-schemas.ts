/** Route schemas of `GET /v1/customers` and `GET /v1/customers/{id}`; OpenAPI is generated from them. */
import {
  MAX_QUERY_LENGTH,
  MAX_SEGMENT_ID_LENGTH,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
} from '../query/customer-search-params.js'

const identifiersSchema = {
  type: 'array',
  description:
    'Identifiers resolved to this customer (phone, email, bsuid, member_id), learned from its CDP events; ' +
    'values masked by the key role',
  items: {
    type: 'object',
    required: ['kind', 'value'],
    properties: { kind: { type: 'string' }, value: { type: 'string' } },
  },
} as const

const displayNameSchema = {
  type: ['string', 'null'],
  description:
    'full_name, display_name or name (else first and last name) of the attributes; masked as a name',
} as const

export const searchResponse = {
  type: 'object',
  required: ['customers', 'next_cursor'],
  properties: {
    customers: {
      type: 'array',
      description: 'Matching customers in customer id order (binary)',
      items: {
        type: 'object',
        required: ['customer_id', 'display_name', 'identifiers', 'last_event_at'],
        properties: {
          customer_id: { type: 'string' },
          display_name: displayNameSchema,
          identifiers: identifiersSchema,
          last_event_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as cursor for the next page; null on the last page',
    },
  },
} as const

const fieldMap = {
  type: 'object',
  additionalProperties: true,
  description: 'Field name → current value (masked by the key role)',
} as const

export const profileResponse = {
  type: 'object',
  required: [
    'customer_id',
    'display_name',
    'identifiers',
    'attributes',
    'segments',
    'loyalty',
    'first_seen',
    'last_seen',
    'events_total',
    'event_counts',
    'metrics',
    'health',
  ],
  properties: {
    customer_id: { type: 'string' },
    display_name: displayNameSchema,
    identifiers: identifiersSchema,
    attributes: {
      type: 'object',
      description:
        'Current values folded from customer.created (default_fields, custom_fields) and customer.updated ' +
        '(change_fields new_value) in event_timestamp order, ties by event_id (binary). Names, phones and ' +
        'emails among the default fields are masked as such; every other value as a custom value.',
      required: ['default_fields', 'custom_fields'],
      properties: { default_fields: fieldMap, custom_fields: fieldMap },
    },
    segments: {
      type: 'array',
      description: 'Segments whose latest membership event is segment.entered (cdp.segments)',
      items: {
        type: 'object',
        required: ['segment_id', 'segment_name', 'since'],
        properties: {
          segment_id: { type: 'string' },
          segment_name: { type: ['string', 'null'] },
          since: { type: 'string', format: 'date-time' },
        },
      },
    },
    loyalty: {
      type: 'object',
      description:
        'loyalty.member, loyalty.tier and loyalty.available_points as METRICS.md defines them, now',
      required: ['member', 'tier', 'available_points', 'programs'],
      properties: {
        member: { type: 'boolean' },
        tier: { type: ['string', 'null'] },
        available_points: { type: ['number', 'null'] },
        programs: {
          type: 'array',
          items: { type: 'string' },
          description: 'Programs the customer is enrolled in',
        },
      },
    },
    first_seen: { type: 'string', format: 'date-time', description: 'Earliest event_timestamp' },
    last_seen: { type: 'string', format: 'date-time', description: 'Latest event_timestamp' },
    events_total: { type: 'integer' },
    event_counts: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'Events per source module (modules without events are absent)',
    },
    metrics: {
      type: 'object',
      additionalProperties: true,
      description:
        'Every customer metric of METRICS.md by id, over all history up to now (as GET /v1/customers/{id}/metrics)',
    },
    health: {
      type: 'object',
      additionalProperties: true,
      description: 'Health score 0–100 with each factor: value, sub-score, weight and contribution',
    },
  },
} as const

export const customerParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'qontak_customer_id' } },
} as const

export const searchQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH, examples: ['+6281234567890'] },
    segment: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_SEGMENT_ID_LENGTH,
      description: 'segment id',
    },
    limit: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT },
    cursor: { type: 'string', description: 'next_cursor of the previous page, unchanged' },
  },
} as const
