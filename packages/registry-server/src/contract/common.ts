/** Pieces every route's schema shares: the error body, the bearer scheme, page cursors. */
import { z } from 'zod'

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ description: 'What went wrong, where, and how to fix it' })

/** The error answers a route documents, by status. */
export function errorAnswers<const Status extends number>(...statuses: Status[]) {
  return Object.fromEntries(statuses.map((s) => [s, errorBody])) as Record<Status, typeof errorBody>
}

/** Every error status an authenticated JSON endpoint can answer. */
export const allErrorAnswers = errorAnswers(400, 401, 403, 404, 409, 413, 415, 429, 503)
/** The errors of an authenticated read. */
export const readErrorAnswers = errorAnswers(400, 401, 403, 503)

export const bearerAuth = [{ bearerAuth: [] }]

export const nextCursor = z
  .string()
  .nullable()
  .meta({ description: 'Pass as cursor for the next page; null on the last page' })

/** A JSON object passed through as it is (stored events, JSON Schemas, rules, metric maps). */
export const jsonObject = z.record(z.string(), z.unknown())

export const isoTimestamp = z.string().meta({ format: 'date-time' })
