/** The body and answer of POST /v1/events; the pipeline's result type is inferred from it. */
import { z } from 'zod'

export const EVENT_STATUSES = ['accepted', 'duplicate', 'conflict', 'rejected'] as const

export const validationErrorEntry = z.object({ path: z.string(), code: z.string(), message: z.string() })

export const ingestBody = z.unknown().meta({
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      maxItems: 500,
      items: { type: 'object', description: 'An event envelope (see GET /v1/schemas)' },
    },
  },
  description: 'The pipeline checks the body and every event itself, so each problem names its event',
})

export const ingestAnswer = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  conflicts: z.array(z.object({ index: z.number().int(), event_id: z.string(), message: z.string() })),
  rejected: z.array(
    z.object({
      index: z.number().int(),
      event_id: z.string().nullable(),
      errors: z.array(validationErrorEntry),
    }),
  ),
  results: z
    .array(z.enum(EVENT_STATUSES))
    .meta({ description: 'One status per request event, in request order' }),
  errors_truncated: z
    .literal(true)
    .optional()
    .meta({
      description:
        'Present (true) when error lists were cut: at most 20 errors per event and 200 per answer are listed; ' +
        'a cut list ends with a too_many_errors entry',
    }),
  warnings: z
    .array(z.object({ index: z.number().int(), event_id: z.string(), code: z.string(), message: z.string() }))
    .optional(),
})

export type IngestResponse = z.infer<typeof ingestAnswer>
export type EventStatus = IngestResponse['results'][number]
export type RejectedEvent = IngestResponse['rejected'][number]

export const backfillAnswer = z.object({
  lines: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejects: z
    .array(
      z.object({
        line: z.number().int(),
        event_id: z.string().nullable(),
        errors: z.array(validationErrorEntry),
      }),
    )
    .meta({ description: 'Per-line problems (rejected lines and conflicts), the first max_rejects' }),
  rejects_truncated: z.boolean(),
})

export type BackfillResponse = z.infer<typeof backfillAnswer>
export type LineReject = BackfillResponse['rejects'][number]
