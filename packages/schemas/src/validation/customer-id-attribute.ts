/**
 * The one rule JSON Schema cannot say: where `event_attributes` carries `qontak_customer_id` (the
 * CDP and loyalty events, as the PRD lists it there), it must equal the envelope's value, and an
 * envelope without one takes it. The schema has already checked both are strings when present.
 */
import { CUSTOMER_ID_ATTRIBUTE } from '../catalog/customer-id-attribute.js'
import type { ValidationError } from './validation-result.js'

export type CustomerIdCheck =
  | { ok: true; event: Record<string, unknown> }
  | { ok: false; error: ValidationError }

export function reconcileCustomerId(event: Record<string, unknown>): CustomerIdCheck {
  const attributes = event.event_attributes as Record<string, unknown> | undefined
  const inAttributes = attributes?.[CUSTOMER_ID_ATTRIBUTE]
  if (typeof inAttributes !== 'string') return { ok: true, event }
  const inEnvelope = event.qontak_customer_id
  if (inEnvelope === undefined) return { ok: true, event: { ...event, qontak_customer_id: inAttributes } }
  if (inEnvelope === inAttributes) return { ok: true, event }
  return {
    ok: false,
    error: {
      path: `/event_attributes/${CUSTOMER_ID_ATTRIBUTE}`,
      code: 'customer_mismatch',
      message: `event_attributes.qontak_customer_id is ${JSON.stringify(inAttributes)} but the envelope's qontak_customer_id is ${JSON.stringify(inEnvelope)}; send the same customer in both, or only one of them`,
    },
  }
}
