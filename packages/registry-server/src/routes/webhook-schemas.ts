/** Route schemas of /v1/webhooks (OpenAPI is generated from them). */
const subscriptionProperties = {
  id: { type: 'string', examples: ['whk_0193a5c2-7d1e-7c3a-9b1e-2f0c4d5e6a7b'] },
  url: { type: 'string' },
  events: { type: 'array', items: { type: 'string' } },
  filter: { type: ['object', 'null'], additionalProperties: true },
  segments: {
    type: 'array',
    items: {
      type: 'object',
      properties: { transition: { type: 'string' }, segment_id: { type: ['string', 'null'] } },
    },
  },
  description: { type: ['string', 'null'] },
  status: { type: 'string', enum: ['enabled', 'disabled'] },
  disabled_reason: { type: ['string', 'null'] },
  created_at: { type: 'string', format: 'date-time' },
} as const

export const subscriptionView = {
  type: 'object',
  required: ['id', 'url', 'events', 'filter', 'status', 'created_at'],
  properties: {
    ...subscriptionProperties,
    deliveries: {
      type: 'object',
      description: 'Deliveries by status (GET /v1/webhooks/{id} only)',
      properties: {
        pending: { type: 'integer' },
        delivered: { type: 'integer' },
        dead: { type: 'integer' },
      },
    },
  },
} as const

export const createdSubscription = {
  type: 'object',
  required: ['id', 'url', 'events', 'filter', 'secret', 'status', 'created_at'],
  properties: {
    ...subscriptionProperties,
    secret: {
      type: 'string',
      description: 'whsec_<base64 key>: verify deliveries with it. Shown only in this answer.',
    },
  },
} as const

export const createSubscriptionBody = {
  type: 'object',
  required: ['url', 'events'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048, examples: ['https://example.com/hooks/cebe'] },
    events: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', minLength: 1, maxLength: 128 },
      description: 'Event names, "prefix.*" or "*"; may be empty when "segments" is given',
      examples: [['ticket.sla_breached', 'campaign.*']],
    },
    filter: {
      type: ['object', 'null'],
      additionalProperties: true,
      description:
        'All must hold, on event_attributes: {"channel": "whatsapp", "amount": {"op": ">=", "value": 100}}; "$.source_module" for envelope fields',
    },
    segments: {
      type: 'array',
      maxItems: 50,
      description:
        'Saved-segment entries and exits to receive (docs/guides/webhooks.md); segment_id absent: any segment of the company',
      items: {
        type: 'object',
        required: ['transition'],
        additionalProperties: false,
        properties: {
          transition: { type: 'string', maxLength: 64, description: '"segment.entered" or "segment.exited"' },
          segment_id: { type: 'string', minLength: 1, maxLength: 128 },
        },
      },
      examples: [[{ transition: 'segment.entered', segment_id: 'seg_0193a5c2-7d1e-7c3a-9b1e-2f0c4d5e6a7b' }]],
    },
    secret: { type: 'string', description: 'whsec_<base64 of 24–64 bytes>; generated when absent' },
    description: { type: 'string', maxLength: 256 },
  },
} as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 128 } },
} as const

export const deadLettersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    cursor: { type: 'string', maxLength: 128, description: 'next_cursor of the previous page' },
  },
} as const

export const deadLettersResponse = {
  type: 'object',
  required: ['deliveries', 'next_cursor'],
  properties: {
    deliveries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          delivery_id: { type: 'string' },
          subscription_id: { type: 'string' },
          event_id: { type: 'string' },
          event_name: { type: 'string' },
          attempts: { type: 'integer' },
          last_status: {
            type: ['integer', 'null'],
            description: 'HTTP status of the last attempt; null: no answer',
          },
          last_error: { type: ['string', 'null'] },
          created_at: { type: 'string', format: 'date-time' },
          failed_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
    next_cursor: { type: ['string', 'null'] },
  },
} as const

export const replayBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    delivery_ids: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', maxLength: 128 },
      description: 'Only these dead letters; all of the subscription when absent',
    },
  },
} as const

export const replayResponse = {
  type: 'object',
  required: ['replayed'],
  properties: { replayed: { type: 'integer', description: 'Dead letters made due again' } },
} as const
