/** The sentence every validator uses when an event names no customer it can be linked to. */
export function missingCustomerMessage(identityFields: readonly string[]): string {
  return identityFields.length === 0
    ? 'qontak_customer_id is required for this event'
    : `qontak_customer_id is missing and event_attributes has none of ${identityFields.join(', ')}; send one so the event can be linked to a customer`
}
