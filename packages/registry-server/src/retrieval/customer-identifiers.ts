/**
 * The identifiers resolved to customers (`identities`, ADR 0103): the phones, emails, BSUIDs and
 * member ids their CDP events taught, which link events that come without a customer id.
 */
import type { IdentityKind } from '@cebe/schemas'
import type { ReadSide } from '../storage/read-side.js'

export interface IdentityRow {
  company_id: string
  kind: string
  value: string
  customer_id: string
  source_event_id: string
}

export type IdentitiesDb = { identities: IdentityRow }

export interface CustomerIdentifier {
  kind: IdentityKind
  value: string
}

/** Each customer's identifiers, ordered by kind then value; customers without any are absent. */
export async function customerIdentifiers(
  read: ReadSide,
  companyId: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerIdentifier[]>> {
  const found = new Map<string, CustomerIdentifier[]>()
  if (customerIds.length === 0) return found
  const rows = await read.db
    .withTables<IdentitiesDb>()
    .selectFrom('identities as i')
    .select(['i.customer_id', 'i.kind', 'i.value'])
    .where('i.company_id', '=', companyId)
    .where('i.customer_id', 'in', [...customerIds])
    .orderBy(read.binary('i.kind'))
    .orderBy(read.binary('i.value'))
    .execute()
  for (const row of rows) {
    const list = found.get(row.customer_id) ?? []
    list.push({ kind: row.kind as IdentityKind, value: row.value })
    found.set(row.customer_id, list)
  }
  return found
}
