/** The sentence every validator uses when an event names no customer it can be linked to. */
export function missingCustomerMessage(identityFields: readonly string[]): string {
  if (identityFields.length === 0) return 'qontak_customer_id is required for this event'
  if (identityFields.length === 1 && identityFields[0] === 'qontak_customer_id') {
    return 'qontak_customer_id is required for this event: send it in the envelope (or in event_attributes, as the PRD lists it)'
  }
  return `qontak_customer_id is missing and event_attributes has none of ${identityFields.join(', ')}; send one so the event can be linked to a customer`
}
