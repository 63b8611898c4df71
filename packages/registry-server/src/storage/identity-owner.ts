/**
 * ARCHITECTURE decision 4, the part both backends share: an event without a customer id goes
 * to the one customer its identifiers point to; when they point to several, nothing is guessed —
 * the event stays unresolved and each disagreement is reported as a conflict.
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
