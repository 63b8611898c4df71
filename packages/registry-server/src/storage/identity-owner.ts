/**
 * ARCHITECTURE decision 4, the rules both backends apply inside their commit:
 * - resolve: an event without a customer id goes to the one customer its identifiers point to;
 *   when they point to several, nothing is guessed — the event stays unresolved and each
 *   disagreement is reported as a conflict;
 * - teach: a CDP event that names its customer teaches the resolver its identifiers; one already
 *   held by another customer is reported as a conflict, never moved.
 */
import type { EventRow, Identifier, IdentityConflict } from './store.js'

/** `ownerOf` answers which customer holds an identifier, if any (store lookup, batch, …). */
export function resolveOwner(
  row: EventRow,
  ownerOf: (id: Identifier) => string | undefined,
  conflicts: IdentityConflict[],
): string | null {
  const found = new Map<string, Identifier>()
  for (const id of row.identifiers) {
    const owner = ownerOf(id)
    if (owner !== undefined && !found.has(owner)) found.set(owner, id)
  }
  if (found.size === 1) return found.keys().next().value!
  if (found.size > 1) {
    const [first, ...others] = [...found.entries()]
    for (const [other, id] of others)
      conflicts.push({ kind: id.kind, value: id.value, customerId: first![0], otherCustomerId: other })
  }
  return null
}

/** Whether the event teaches the resolver its identifiers: a CDP event that names its customer. */
export function teachesIdentifiers(row: EventRow): row is EventRow & { customerId: string } {
  return row.sourceModule === 'cdp' && row.customerId !== null
}

/**
 * Teaches each identifier of `row` to its customer: `learn` is called for the ones no customer
 * holds yet; one held by another customer becomes a conflict.
 */
export function teachIdentifiers(
  row: EventRow & { customerId: string },
  ownerOf: (id: Identifier) => string | undefined,
  learn: (id: Identifier) => void,
  conflicts: IdentityConflict[],
): void {
  for (const id of row.identifiers) {
    const owner = ownerOf(id)
    if (owner === undefined) learn(id)
    else if (owner !== row.customerId) {
      conflicts.push({ kind: id.kind, value: id.value, customerId: owner, otherCustomerId: row.customerId })
    }
  }
}
