/**
 * The summary of each customer in a list (customer search hits, segment members): id, display
 * name, identifiers and last event time, personal values masked by the key's role — a few small
 * indexed reads per customer.
 */

import { customerIdentifiers } from '../retrieval/customer-identifiers.js'
import { customerAttributes } from '../retrieval/customer-search.js'
import type { ReadSide } from '../storage/read-side.js'
import type { ReadRole } from '../storage/store.js'
import { displayName, maskIdentifiers } from './mask-profile.js'

export async function customerSummaries(
  read: ReadSide,
  companyId: string,
  role: ReadRole | null,
  customerIds: readonly string[],
) {
  const [identifiers, attributes] = await Promise.all([
    customerIdentifiers(read, companyId, customerIds),
    customerAttributes(read, companyId, customerIds),
  ])
  return customerIds.map((customerId) => {
    const found = attributes.get(customerId)
    return {
      customer_id: customerId,
      display_name: found ? displayName(found.attributes, role) : null,
      identifiers: maskIdentifiers(identifiers.get(customerId) ?? [], role),
      last_event_at: found?.lastEventTs == null ? null : new Date(found.lastEventTs).toISOString(),
    }
  })
}
