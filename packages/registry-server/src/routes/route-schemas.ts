/** Shared pieces of the route schemas; OpenAPI at /openapi.json is generated from them. */
export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {},
      },
    },
  },
} as const

export const errorResponses = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  413: errorResponse,
  415: errorResponse,
  429: errorResponse,
  503: errorResponse,
} as const

/** What a read of one customer can answer besides 200 (404: the key's company has no event of it). */
export const customerReadErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  503: errorResponse,
} as const

export const bearerAuth = [{ bearerAuth: [] }]

const validationError = {
  type: 'object',
  properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
} as const

export const ingestRequest = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        description: 'An event envelope (see GET /v1/schemas)',
        additionalProperties: true,
      },
    },
  },
} as const

export const ingestResponse = {
  type: 'object',
  required: ['accepted', 'duplicates', 'conflicts', 'rejected', 'results'],
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    conflicts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, event_id: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          event_id: { type: ['string', 'null'] },
          errors: { type: 'array', items: validationError },
        },
      },
    },
    results: {
      type: 'array',
      description: 'One status per request event, in request order',
      items: { type: 'string', enum: ['accepted', 'duplicate', 'conflict', 'rejected'] },
    },
    errors_truncated: {
      type: 'boolean',
      description:
        'Present (true) when error lists were cut: at most 20 errors per event and 200 per answer are listed; ' +
        'a cut list ends with a too_many_errors entry',
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          event_id: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const
