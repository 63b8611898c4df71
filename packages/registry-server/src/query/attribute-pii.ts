/**
 * The PII kind of a customer attribute and of an identifier, for the role policy
 * (`pii-policy.ts`, ADR 0112). The schemas mark every field-list value `custom_value` — they
 * cannot know what a company names its fields — so the profile names the few default fields
 * every CDP has: a name is a `name`, a phone a `phone`, an email an `email`. Every other field,
 * and every custom field, keeps the schema's `custom_value`.
 */
import type { IdentityKind, PiiKind } from '@cebe/schemas'
import { type Treatment, treatmentFor } from './pii-policy.js'

export const NAME_FIELDS = [
  'full_name',
  'name',
  'display_name',
  'first_name',
  'last_name',
  'nickname',
] as const
const PHONE_FIELDS = ['phone', 'phone_number', 'mobile', 'mobile_phone', 'whatsapp'] as const
const EMAIL_FIELDS = ['email', 'email_address'] as const

const DEFAULT_FIELD_KINDS: ReadonlyMap<string, PiiKind> = new Map<string, PiiKind>([
  ...NAME_FIELDS.map((f) => [f, 'name'] as const),
  ...PHONE_FIELDS.map((f) => [f, 'phone'] as const),
  ...EMAIL_FIELDS.map((f) => [f, 'email'] as const),
])

export type AttributeList = 'default' | 'custom'

export function attributeKind(list: AttributeList, name: string): PiiKind {
  return (list === 'default' && DEFAULT_FIELD_KINDS.get(name)) || 'custom_value'
}

/** Identifier kinds as PII kinds: `member_id` is a program's id for the member, not marked PII. */
const IDENTIFIER_KINDS: Record<IdentityKind, PiiKind | undefined> = {
  phone: 'phone',
  email: 'email',
  bsuid: 'identifier',
  member_id: undefined,
}

export function identifierTreatment(role: string | null, kind: IdentityKind): Treatment {
  const pii = IDENTIFIER_KINDS[kind]
  return pii === undefined ? 'clear' : treatmentFor(role, pii)
}

/**
 * The default fields whose values this role reads in clear — the only ones its attribute search
 * may look into, so a search never answers what the role cannot read. `undefined`: all fields
 * (and the custom ones too), for a role that reads every custom value.
 */
export function searchableFields(role: string | null): readonly string[] | undefined {
  if (treatmentFor(role, 'custom_value') === 'clear') return undefined
  return [...DEFAULT_FIELD_KINDS].filter(([, kind]) => treatmentFor(role, kind) === 'clear').map(([f]) => f)
}
