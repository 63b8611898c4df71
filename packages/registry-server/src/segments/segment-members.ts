/**
 * The members of a compiled rule: one page of customer ids in binary order, keyed by the last id
 * (a customer search cursor), and the total count — one statement.
 */
import { sql } from 'kysely'
import { encodeCustomerCursor } from '../query/customer-cursor.js'
import type { ReadSide } from '../storage/read-side.js'
import { type CompileContext, compileRule } from './rule-compiler.js'
import type { Rule } from './rule-parser.js'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

export interface MembersPage {
  count: number
  members: { customer_id: string }[]
  next_cursor: string | null
}

export async function segmentMembersPage(
  rule: Rule,
  ctx: CompileContext,
  page: { after?: string; limit?: number } = {},
): Promise<MembersPage> {
  const { read } = ctx
  const predicate = compileRule(rule, ctx)
  const limit = page.limit ?? DEFAULT_PAGE_SIZE
  const after = page.after
  // The count is a window over every member, taken before the cursor applies: the rule is
  // evaluated once for the page and its total.
  const matching = read
    .knownCustomers(ctx.companyId)
    .select(['kc.customer_id', sql<number | string>`count(*) OVER ()`.as('total')])
    .where(predicate)
  let select = read.db.selectFrom(matching.as('m')).select(['m.customer_id', 'm.total'])
  if (after !== undefined) select = select.where(read.binary('m.customer_id'), '>', after)
  const rows = await select
    .orderBy(read.binary('m.customer_id'))
    .limit(limit + 1)
    .execute()
  const members = rows.slice(0, limit).map((row) => ({ customer_id: row.customer_id }))
  const last = members.at(-1)
  // A page past the last member has no row to carry the total.
  const total = rows[0]
    ? Number(rows[0].total)
    : after === undefined
      ? 0
      : await countOf(read, ctx.companyId, predicate)
  return {
    count: total,
    members,
    next_cursor: rows.length > limit && last ? encodeCustomerCursor(last.customer_id) : null,
  }
}

async function countOf(read: ReadSide, companyId: string, predicate: ReturnType<typeof compileRule>) {
  const row = await read
    .knownCustomers(companyId)
    .select(sql<number | string>`count(*)`.as('n'))
    .where(predicate)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Every member id of a compiled rule (for diffing against stored membership), one statement. */
export async function allSegmentMembers(rule: Rule, ctx: CompileContext): Promise<string[]> {
  const rows = await ctx.read
    .knownCustomers(ctx.companyId)
    .select('kc.customer_id')
    .where(compileRule(rule, ctx))
    .execute()
  return rows.map((r) => r.customer_id)
}
