/**
 * The members of a compiled rule: one page of customer ids in binary order, keyed by the last id
 * (an opaque cursor), and the total count — one statement.
 */
import { sql } from 'kysely'
import { ServerError } from '../errors.js'
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
  page: { cursor?: string; limit?: number } = {},
): Promise<MembersPage> {
  const { read } = ctx
  const predicate = compileRule(rule, ctx)
  const limit = page.limit ?? DEFAULT_PAGE_SIZE
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor)
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
    next_cursor: rows.length > limit && last ? encodeCursor(last.customer_id) : null,
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

export function encodeCursor(customerId: string): string {
  return Buffer.from(JSON.stringify({ after: customerId }), 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (decoded && typeof decoded === 'object' && typeof (decoded as { after?: unknown }).after === 'string')
      return (decoded as { after: string }).after
  } catch {
    // falls through to the 400 below
  }
  throw new ServerError('bad_request', 400, 'cursor: not a cursor this endpoint returned', {
    parameter: 'cursor',
  })
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
