/**
 * The building blocks every catalog event is made of. Each helper fixes one kind of field's
 * type and bounds once, so "an id" or "an amount of money" means the same thing in all modules
 * and every constraint survives the trip to JSON Schema (patterns, not refinements).
 */
import { z } from 'zod'
import { IDENTITY_KEYWORD, type IdentityKind, PII_KEYWORD, type PiiKind } from './marks.js'

/** RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`), seconds required, fraction optional. */
export const timestamp = (description = 'RFC 3339 date-time with offset') =>
  z.iso.datetime({ offset: true }).meta({ description })

/** An opaque id from a source module: 1–128 characters. */
export const entityId = (description: string) => z.string().min(1).max(128).meta({ description })

/** A short label or code (stage names, reasons, channel names): 1–256 characters. */
export const label = (description: string) => z.string().min(1).max(256).meta({ description })

/** Money in the company's currency, never negative. */
export const money = (description: string) => z.number().min(0).meta({ description })

/** A whole count, never negative. */
export const count = (description: string) => z.number().int().min(0).meta({ description })

/** A duration in seconds, never negative. */
export const seconds = (description: string) => z.number().min(0).meta({ description })

/** Marks a field as personal data (and, optionally, as an identifier the resolver indexes). */
export function personal<T extends z.ZodType>(schema: T, pii: PiiKind, identity?: IdentityKind): T {
  return schema.meta({ [PII_KEYWORD]: pii, ...(identity && { [IDENTITY_KEYWORD]: identity }) })
}

/** Marks a field as an identifier the resolver indexes without it being personal data. */
export function identityOnly<T extends z.ZodType>(schema: T, identity: IdentityKind): T {
  return schema.meta({ [IDENTITY_KEYWORD]: identity })
}

/** Free text typed by a person (comments, previews): personal data, at most 1,024 characters. */
export const freeText = (description: string, max = 1024) =>
  personal(z.string().max(max).meta({ description }), 'free_text')

/** A person's name: personal data. */
export const personName = (description: string) => personal(label(description), 'name')

/** An http(s) URL, at most 2,048 characters. */
export const httpUrl = (description: string) =>
  z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s]+$/)
    .meta({ description })

/** A phone number: digits with an optional leading `+`, 6–20 digits. Personal data and an identifier. */
export const phone = (description = "Customer's phone number (digits, optional leading +)") =>
  personal(
    z
      .string()
      .regex(/^\+?[0-9]{6,20}$/)
      .meta({ description }),
    'phone',
    'phone',
  )

/** An email address (a pragmatic `local@domain.tld` check), at most 254 characters. Personal data and an identifier. */
export const email = (description = "Customer's email address") =>
  personal(
    z
      .string()
      .max(254)
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/)
      .meta({ description }),
    'email',
    'email',
  )

/** WhatsApp business-scoped user id. Personal data and an identifier. */
export const bsuid = (description = 'WhatsApp business-scoped user id (BSUID)') =>
  personal(entityId(description), 'identifier', 'bsuid')

/** Loyalty member id. An identifier the resolver indexes. */
export const memberId = (description = 'Loyalty member id') =>
  identityOnly(entityId(description), 'member_id')

/** A scalar value of a customer-defined field. */
export const scalarValue = z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])

/**
 * The PRD's `{other_fields}`: an explicit, typed extension map of scalar values keyed by field
 * name. Values are customer data and so carry a PII mark.
 */
export const extensionMap = (description: string) =>
  z.record(z.string().min(1).max(128), personal(scalarValue, 'custom_value')).meta({ description })

/** The PRD's `name[]` field lists: `[{ name, value }]`. */
export const fieldList = (description: string) =>
  z
    .array(
      z.object({ name: z.string().min(1).max(128), value: personal(scalarValue, 'custom_value') }).strict(),
    )
    .max(500)
    .meta({ description })

/** The PRD's `change_fields[]`: `[{ name, old_value, new_value }]`. */
export const changeList = (description: string) =>
  z
    .array(
      z
        .object({
          name: z.string().min(1).max(128),
          old_value: personal(scalarValue, 'custom_value'),
          new_value: personal(scalarValue, 'custom_value'),
        })
        .strict(),
    )
    .min(1)
    .max(500)
    .meta({ description })

/** An association: a list of ids of related records. */
export const idList = (description: string) =>
  z.array(z.string().min(1).max(128)).max(500).meta({ description })
