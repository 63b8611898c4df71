/**
 * The PRD lists `qontak_customer_id` among the payload fields of the CDP and loyalty events, so
 * `event_attributes` may carry it there (ARCHITECTURE.md, "PRD conformance"). Equal to the
 * envelope's value it is taken, and it fills an envelope that has none; a different value is
 * rejected by every validator (validation/customer-id-attribute.ts).
 */
import { tenantId } from '../envelope/envelope-fields.js'

export const CUSTOMER_ID_ATTRIBUTE = 'qontak_customer_id'

export const customerIdAttribute = tenantId(
  "The customer the event is about, where the PRD's payload lists it: must equal the envelope's qontak_customer_id, and fills it when the envelope has none",
).optional()

/** The change note of the 1-0-1 versions that accept it. */
export const CUSTOMER_ID_ACCEPTED =
  '`event_attributes` may carry `qontak_customer_id`, as the PRD row lists it (an ADDITION: every 1-0-0 event still validates).'

export const CUSTOMER_ID_NOTE =
  "`qontak_customer_id` travels in the envelope; because the PRD lists it in the payload, event_attributes may carry it too: it must equal the envelope's value, and fills the envelope when that has none."
