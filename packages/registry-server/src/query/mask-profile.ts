/**
 * Masks the parts of a customer profile or search hit that are personal — attribute values and
 * identifiers — with the role policy the timeline uses (`pii-policy.ts`, `maskValue`).
 */
import type { IdentityKind } from '@cebe/schemas'
import type { CustomerAttributes } from '../retrieval/profile-fold.js'
import { type AttributeList, attributeKind, identifierTreatment, type NAME_FIELDS } from './attribute-pii.js'
import { maskValue } from './mask-event.js'
import { treatmentFor } from './pii-policy.js'

export interface IdentifierView {
  kind: string
  value: string
}

export function maskIdentifiers(
  identifiers: readonly { kind: string; value: string }[],
  role: string | null,
): IdentifierView[] {
  return identifiers.map(({ kind, value }) => ({
    kind,
    value: maskValue(value, identifierTreatment(role, kind as IdentityKind), kind) as string,
  }))
}

export interface AttributesView {
  default_fields: Record<string, unknown>
  custom_fields: Record<string, unknown>
}

export function maskAttributes(attributes: CustomerAttributes, role: string | null): AttributesView {
  return {
    default_fields: maskList(attributes.defaultFields, 'default', role),
    custom_fields: maskList(attributes.customFields, 'custom', role),
  }
}

function maskList(fields: ReadonlyMap<string, unknown>, list: AttributeList, role: string | null) {
  // Object.fromEntries defines own properties, so a field named `__proto__` is kept as data.
  return Object.fromEntries(
    [...fields].map(([name, value]) => {
      const kind = attributeKind(list, name)
      return [name, maskValue(value, treatmentFor(role, kind), kind)]
    }),
  )
}

/**
 * How people call the customer: `full_name`, `display_name` or `name`, else first and last name
 * joined; null when none is known. Masked as a name.
 */
export function displayName(attributes: CustomerAttributes, role: string | null): string | null {
  const fields = attributes.defaultFields
  const text = (name: (typeof NAME_FIELDS)[number]) => {
    const value = fields.get(name)
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  const name =
    text('full_name') ??
    text('display_name') ??
    text('name') ??
    ([text('first_name'), text('last_name')].filter(Boolean).join(' ') || null)
  return name === null ? null : (maskValue(name, treatmentFor(role, 'name'), 'name') as string)
}
