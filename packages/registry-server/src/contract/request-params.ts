/**
 * The building blocks of every route's request schema. Each block carries its own error message,
 * naming the parameter, the value and the fix, because the first failing block's message is what
 * the client reads (`request-errors.ts`). The same zod schema validates the request (fastify's
 * validator compiler) and documents it (OpenAPI through `jsonSchemaTransform`).
 */
import { z } from 'zod'
import { parseRfc3339 } from '../query/rfc3339.js'

const NUL = '\u0000'
export const MAX_CUSTOMER_ID_LENGTH = 64
/** Longest `events`/`modules` list: enough for any real filter, bounded for the database. */
export const MAX_LIST_ITEMS = 100

/** A query object that refuses parameters it does not list, naming the ones it takes. */
export function queryString<Shape extends z.ZodRawShape>(shape: Shape) {
  const names = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? names.length === 0
          ? `unknown query parameter "${issue.keys[0]}"; this endpoint takes none`
          : `unknown query parameter "${issue.keys[0]}"; use ${names.join(', ')}`
        : undefined,
  })
}

/** One string value; a repeated parameter (`?a=1&a=2`) is refused. */
export function single(name: string) {
  return z.string({ error: () => `give ${name} once` })
}

/** An RFC 3339 date-time with an offset, as ms since the epoch. */
export function timestamp(name: string, description: string) {
  return single(name)
    .transform((raw, ctx) => {
      // An unencoded "+" in a query string arrives as a space; read "… 07:00" as "…+07:00".
      const ms = parseRfc3339(raw.replace(/ ([0-9]{2}:[0-9]{2})$/, '+$1'))
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an RFC 3339 date-time with an offset, like 2026-11-01T00:00:00Z or 2026-11-01T07:00:00%2B07:00; got "${raw}"`,
        })
        return z.NEVER
      }
      return ms
    })
    .optional()
    .meta({ type: 'string', format: 'date-time', description })
}

/** A page size from 1 to `max`. */
export function limit(max: number, byDefault: number) {
  return integer('limit', 1, max, byDefault, 'Page size')
}

/** A whole number from `min` to `max`, written in digits. */
export function integer(name: string, min: number, max: number, byDefault: number, description: string) {
  return single(name)
    .transform((raw, ctx) => {
      const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : Number.NaN
      if (!(n >= min && n <= max)) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}; got "${raw}"`,
        })
        return z.NEVER
      }
      return n
    })
    .optional()
    .meta({ type: 'integer', minimum: min, maximum: max, default: byDefault, description })
}

/** An opaque cursor this server issued, decoded by `decode` (undefined: not one of ours). */
export function cursor<Position>(decode: (cursor: string) => Position | undefined) {
  return single('cursor')
    .transform((raw, ctx) => {
      const position = raw.length <= 2048 ? decode(raw) : undefined
      if (position === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            'cursor is not a cursor this server issued; pass next_cursor from the previous page unchanged',
        })
        return z.NEVER
      }
      return position
    })
    .optional()
    .meta({ type: 'string', description: 'next_cursor of the previous page, unchanged' })
}

/**
 * A comma list; repeating the parameter adds to it. Trimmed and de-duplicated; each item is then
 * checked by `itemError` (a message, or undefined when the item is fine).
 */
export function nameList(
  name: string,
  itemError: (item: string) => string | undefined,
  meta: { description: string; examples: string[] },
) {
  return z
    .union([z.string(), z.array(z.string())], {
      error: () => `${name} is a comma-separated list of names`,
    })
    .transform((value, ctx) => {
      const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','))
      const items = [...new Set(parts.map((p) => p.trim()))]
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      if (items.some((item) => item === ''))
        return fail(`${name} is a comma-separated list of names without empty entries`)
      if (items.length > MAX_LIST_ITEMS)
        return fail(`${name} lists ${items.length} names; at most ${MAX_LIST_ITEMS}`)
      for (const item of items) {
        const message = itemError(item)
        if (message !== undefined) return fail(message)
      }
      return items
    })
    .optional()
    .meta({ type: 'string', ...meta })
}

/**
 * Text of 1–`max` characters (after trimming when `trim`), never U+0000 (no stored text holds it);
 * `rule` completes "{name} must be …" in the error.
 */
export function text(name: string, max: number, rule: string, options: { trim?: boolean } = {}) {
  return single(name)
    .transform((raw, ctx) => {
      const value = options.trim ? raw.trim() : raw
      if (value.length === 0 || value.length > max || value.includes(NUL)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be ${rule}` })
        return z.NEVER
      }
      return value
    })
    .meta({ type: 'string', minLength: 1, maxLength: max })
}

/** `{ id }` path parameters of a customer route. */
export const customerIdParams = z.object({
  id: z
    .string()
    .refine((id) => id.length >= 1 && id.length <= MAX_CUSTOMER_ID_LENGTH && !id.includes(NUL), {
      error: `the customer id must be 1–${MAX_CUSTOMER_ID_LENGTH} characters, none of them U+0000`,
    })
    .meta({ minLength: 1, maxLength: MAX_CUSTOMER_ID_LENGTH, description: 'qontak_customer_id' }),
})
