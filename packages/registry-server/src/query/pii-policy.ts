/**
 * Who sees which personal data on the read path (docs/adr/0105). A read key's role and a field's
 * PII kind — the `x-pii` mark of its schema — decide one treatment. The table is the whole policy;
 * `mask-event.ts` applies it. Anything the table does not name (an unknown role, a PII kind added
 * later) is redacted: the policy fails closed.
 */
import type { PiiKind } from '@cebe/schemas'
import type { ReadRole } from '../storage/store.js'

/** `clear`: as stored. `partial`: `***` plus a tail (phone: last 4 characters; email: `@domain`). `redact`: `***`. */
export type Treatment = 'clear' | 'partial' | 'redact'

export const PII_POLICY: Readonly<Record<ReadRole, Readonly<Partial<Record<PiiKind, Treatment>>>>> = {
  // Operates the tenant: sees everything.
  admin: {
    phone: 'clear',
    email: 'clear',
    name: 'clear',
    identifier: 'clear',
    free_text: 'clear',
    url: 'clear',
    custom_value: 'clear',
  },
  // A human agent serving this customer: must reach, recognize and read them.
  service: {
    phone: 'clear',
    email: 'clear',
    name: 'clear',
    identifier: 'clear',
    free_text: 'clear',
  },
  // An AI agent: addresses the customer by name and reads what they wrote; it acts through the
  // platform by customer id, so raw contact data and channel ids never enter a prompt.
  ai_agent: {
    phone: 'partial',
    email: 'partial',
    name: 'clear',
    free_text: 'clear',
  },
  // Campaign work: personalization by name, enough of a phone/email to tell contacts apart.
  marketing: {
    phone: 'partial',
    email: 'partial',
    name: 'clear',
  },
  // Behaviour, not people: every PII field redacted.
  analyst: {},
}

export const MASK = '***'

/** The treatment of one PII kind for one role; unknown roles and kinds are redacted. */
export function treatmentFor(role: string | null | undefined, kind: PiiKind | string): Treatment {
  const row = role && Object.hasOwn(PII_POLICY, role) ? PII_POLICY[role as ReadRole] : undefined
  const treatment = row && Object.hasOwn(row, kind) ? row[kind as PiiKind] : undefined
  return treatment ?? 'redact'
}

/** True when the role sees every PII field as stored (masking can be skipped entirely). */
export function seesEverything(role: string | null | undefined): boolean {
  return role === 'admin'
}

const STRICTNESS: Record<Treatment, number> = { clear: 0, partial: 1, redact: 2 }

/** The stricter of two treatments (a field marked with two kinds gets the stricter one). */
export function stricter(a: Treatment, b: Treatment): Treatment {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b
}
