/**
 * Segment rules compiled to SQL, on every store with a fixed "now": the PRD rule, each leaf and
 * combinator against hand-worked members, `within` edges, `count` ops, `where` filters, `not`
 * over customers with events only, nested and saved rules, cycles, tenant isolation and paging.
 * Every store must answer exactly the same members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerError } from '../src/errors.js'
import { decodeCustomerCursor } from '../src/query/customer-cursor.js'
import { parseRule } from '../src/segments/rule-parser.js'
import { expandSegments } from '../src/segments/segment-expander.js'
import { segmentMembersPage } from '../src/segments/segment-members.js'
import type { Store } from '../src/storage/store.js'
import { type Envelope, rowOf } from './support/events.js'
import { DAY, event, T0 } from './support/metric-events.js'
import { CONFORMANCE_STORES, type TestDatabase } from './support/test-stores.js'

const NOW = T0 + 200 * DAY
const CO = 'co_seg'

function scenario(): Envelope[] {
  const e = (customer: string, name: string, at: number, attributes: Record<string, unknown> = {}) =>
    event(CO, name, { at, customer, attributes })
  const tickets = (customer: string, n: number, at: number) =>
    Array.from({ length: n }, (_, i) =>
      e(customer, 'ticket.created', at + i, { ticket_id: `${customer}_t${i}` }),
    )
  const paid = (customer: string, at: number, order: string, amount: number) =>
    e(customer, 'order.paid', at, { order_id: order, paid_amount: amount })
  const noIdentity = { phone: undefined, email: undefined }
  const created = (customer: string, at: number, defaults: unknown[], custom: unknown[] = []) =>
    e(customer, 'customer.created', at, { ...noIdentity, default_fields: defaults, custom_fields: custom })
  const updated = (customer: string, at: number, name: string, from: unknown, to: unknown) =>
    e(customer, 'customer.updated', at, {
      ...noIdentity,
      change_fields: [{ name, old_value: from, new_value: to }],
    })
  return [
    // c1: 3 tickets, never paid, in seg_vip
    ...tickets('c1', 3, NOW - 100 * DAY),
    e('c1', 'segment.entered', NOW - 50 * DAY, { segment_id: 'seg_vip' }),
    // c2: 2 tickets, paid 10 days ago; entered then left seg_vip
    ...tickets('c2', 2, NOW - 100 * DAY),
    paid('c2', NOW - 10 * DAY, 'o2', 100),
    e('c2', 'segment.entered', NOW - 40 * DAY, { segment_id: 'seg_vip' }),
    e('c2', 'segment.exited', NOW - 30 * DAY, { segment_id: 'seg_vip' }),
    // c3: 2 tickets, paid exactly 90 days ago: inside [now − 90 d, now)
    ...tickets('c3', 2, NOW - 100 * DAY),
    paid('c3', NOW - 90 * DAY, 'o3', 50),
    // c4: 2 tickets, paid 1 ms before the 90-day window
    ...tickets('c4', 2, NOW - 100 * DAY),
    paid('c4', NOW - 90 * DAY - 1, 'o4', 100),
    // c5: 1 ticket, 5 days ago
    ...tickets('c5', 1, NOW - 5 * DAY),
    // c6: 2 tickets, paid exactly now: outside every window (windows end before now)
    ...tickets('c6', 2, NOW - 120 * DAY),
    paid('c6', NOW, 'o6', 100),
    e('c5', 'conversation.started', NOW - 3 * DAY, { channel: 'whatsapp' }),
    // c7: no ticket, no order
    e('c7', 'campaign.sent', NOW - DAY, { campaign_id: 'cA' }),
    // customer fields: c1 Bandung then Jakarta; c2 Jakarta (and a custom field); c3 Bandung, moving
    // to Jakarta only after now
    created('c1', NOW - 150 * DAY, [{ name: 'city', value: 'Bandung' }]),
    updated('c1', NOW - 20 * DAY, 'city', 'Bandung', 'Jakarta'),
    created('c2', NOW - 150 * DAY, [{ name: 'city', value: 'Jakarta' }], [{ name: 'visits', value: 7 }]),
    created('c3', NOW - 150 * DAY, [{ name: 'city', value: 'Bandung' }]),
    updated('c3', NOW + 1, 'city', 'Bandung', 'Jakarta'),
    // another company: would match everything
    ...Array.from({ length: 4 }, (_, i) =>
      event('co_other', 'ticket.created', {
        at: NOW - DAY + i,
        customer: 'c1',
        attributes: { ticket_id: `x${i}` },
      }),
    ),
  ]
}

const PRD = {
  all: [
    { metric: 'ticketing.tickets_total', op: '>=', value: 2 },
    { not: { event: 'order.paid', within: '90d' } },
  ],
}

const answers: Record<string, Record<string, string[]>> = {}

for (const flavour of CONFORMANCE_STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`segments: ${flavour.label}`, () => {
    let database: TestDatabase
    let store: Store
    const mine: Record<string, string[]> = {}
    answers[flavour.label] = mine

    async function members(rule: unknown, company = CO): Promise<string[]> {
      const parsed = await expandSegments(parseRule(rule), store.segments, company)
      const page = await segmentMembersPage(
        parsed,
        { read: store.readSide, companyId: company, now: NOW },
        { limit: 1000 },
      )
      expect(page.count).toBe(page.members.length)
      const ids = page.members.map((m) => m.customer_id)
      mine[JSON.stringify(rule)] = ids
      return ids
    }

    beforeAll(async () => {
      database = await flavour.create()
      store = await database.open()
      const statuses = await store.commit(scenario().map(rowOf), { receivedAt: Date.now() })
      expect(statuses.every((s) => s.status === 'accepted')).toBe(true)
    })
    afterAll(async () => {
      await store?.close()
      await database?.drop()
    })

    it('the PRD rule: 2+ tickets and no purchase in the last 90 days', async () => {
      expect(await members(PRD)).toEqual(['c1', 'c4', 'c6'])
    })

    it('event leaves: any time, within (the window start is inside, now is outside)', async () => {
      expect(await members({ event: 'order.paid' })).toEqual(['c2', 'c3', 'c4'])
      expect(await members({ event: 'order.paid', within: '90d' })).toEqual(['c2', 'c3'])
      expect(await members({ event: 'order.paid', within: '2160h' })).toEqual(['c2', 'c3'])
      expect(await members({ event: 'order.paid', within: '11d' })).toEqual(['c2'])
    })

    it('count ops, including those that hold for customers without the event', async () => {
      const count = (op: string, value: number) => members({ event: 'ticket.created', count: { op, value } })
      expect(await count('>=', 3)).toEqual(['c1'])
      expect(await count('>', 2)).toEqual(['c1'])
      expect(await count('=', 2)).toEqual(['c2', 'c3', 'c4', 'c6'])
      expect(await count('=', 0)).toEqual(['c7'])
      expect(await count('<', 2)).toEqual(['c5', 'c7'])
      expect(await count('<=', 1)).toEqual(['c5', 'c7'])
      expect(await count('!=', 2)).toEqual(['c1', 'c5', 'c7'])
      expect(
        await members({ event: 'ticket.created', within: '30d', count: { op: '>=', value: 1 } }),
      ).toEqual(['c5'])
    })

    it('where filters on event attributes (string and number)', async () => {
      expect(await members({ event: 'order.paid', where: { paid_amount: 100 } })).toEqual(['c2', 'c4'])
      expect(await members({ event: 'order.paid', where: { order_id: 'o3' } })).toEqual(['c3'])
      expect(await members({ event: 'order.paid', where: { order_id: 'o3', paid_amount: 100 } })).toEqual([])
      expect(await members({ event: 'order.paid', where: { no_such_attribute: 'x' } })).toEqual([])
    })

    it('metric leaves: over all history, within a window, and where the empty value matches', async () => {
      expect(await members({ metric: 'ticketing.tickets_total', op: '=', value: 3 })).toEqual(['c1'])
      expect(await members({ metric: 'ticketing.tickets_total', op: '<', value: 2 })).toEqual(['c5', 'c7'])
      expect(await members({ metric: 'ticketing.tickets_total', op: '!=', value: 2 })).toEqual([
        'c1',
        'c5',
        'c7',
      ])
      expect(await members({ metric: 'ticketing.tickets_total', op: '>=', value: 1, within: '30d' })).toEqual(
        ['c5'],
      )
    })

    it('boolean and label metrics, and a window reaching before the first event', async () => {
      // every customer with 2+ distinct tickets created within 30 days has a repeat issue
      expect(await members({ metric: 'ticketing.repeat_issue', op: '=', value: true })).toEqual([
        'c1',
        'c2',
        'c3',
        'c4',
        'c6',
      ])
      expect(await members({ metric: 'ticketing.repeat_issue', op: '!=', value: true })).toEqual(['c5', 'c7'])
      expect(
        await members({ metric: 'communication.preferred_channel', op: '=', value: 'whatsapp' }),
      ).toEqual(['c5'])
      expect(
        await members({ event: 'ticket.created', within: '99999d', count: { op: '>=', value: 3 } }),
      ).toEqual(['c1'])
    })

    it('not: only customers with at least one event, never another company', async () => {
      expect(await members({ not: { event: 'order.paid' } })).toEqual(['c1', 'c5', 'c6', 'c7'])
      expect(await members({ not: { event: 'order.paid' } }, 'co_empty')).toEqual([])
      expect(await members({ metric: 'ticketing.tickets_total', op: '>=', value: 4 })).toEqual([])
      expect(await members({ metric: 'ticketing.tickets_total', op: '>=', value: 4 }, 'co_other')).toEqual([
        'c1',
      ])
    })

    it('customer attributes: the latest created/updated event naming the field, up to now', async () => {
      expect(await members({ attribute: 'city', op: '=', value: 'Jakarta' })).toEqual(['c1', 'c2'])
      expect(await members({ attribute: 'city', op: '=', value: 'Bandung' })).toEqual(['c3'])
      expect(await members({ attribute: 'city', op: '!=', value: 'Jakarta' })).toEqual([
        'c3',
        'c4',
        'c5',
        'c6',
        'c7',
      ])
      expect(await members({ attribute: 'visits', op: '=', value: 7 })).toEqual(['c2'])
      expect(await members({ attribute: 'visits', op: '=', value: '7' })).toEqual(['c2'])
      expect(await members({ attribute: 'no_such_field', op: '=', value: 'x' })).toEqual([])
    })

    it('CDP segment membership: the latest entered/exited event', async () => {
      expect(await members({ cdp_segment: 'seg_vip' })).toEqual(['c1'])
      expect(await members({ not: { cdp_segment: 'seg_vip' } })).toEqual(['c2', 'c3', 'c4', 'c5', 'c6', 'c7'])
    })

    it('combinators nest', async () => {
      const any = { any: [{ cdp_segment: 'seg_vip' }, { event: 'order.paid', within: '90d' }] }
      expect(await members(any)).toEqual(['c1', 'c2', 'c3'])
      expect(
        await members({ all: [any, { not: { metric: 'ticketing.tickets_total', op: '>', value: 2 } }] }),
      ).toEqual(['c2', 'c3'])
      expect(await members({ not: { not: PRD } })).toEqual(['c1', 'c4', 'c6'])
      expect(await members({ any: [PRD, { event: 'campaign.sent' }] })).toEqual(['c1', 'c4', 'c6', 'c7'])
    })

    it('saved segments compile inline; a cycle is refused with its path', async () => {
      await store.segments.create({ id: 'seg_prd', companyId: CO, name: 'PRD', rule: PRD, createdAt: 1 })
      expect(await members({ segment: 'seg_prd' })).toEqual(['c1', 'c4', 'c6'])
      expect(await members({ all: [{ segment: 'seg_prd' }, { cdp_segment: 'seg_vip' }] })).toEqual(['c1'])
      // another company cannot name it
      await expect(members({ segment: 'seg_prd' }, 'co_other')).rejects.toMatchObject({ status: 400 })
      await store.segments.create({
        id: 'seg_a',
        companyId: CO,
        name: 'A',
        rule: { not: { segment: 'seg_b' } },
        createdAt: 2,
      })
      await store.segments.create({
        id: 'seg_b',
        companyId: CO,
        name: 'B',
        rule: { any: [{ segment: 'seg_a' }] },
        createdAt: 3,
      })
      const error = (await members({ all: [{ segment: 'seg_a' }] }).catch((e: unknown) => e)) as ServerError
      expect(error.status).toBe(400)
      expect(error.details).toMatchObject({ path: '$.all[0].not.any[0].segment' })
      expect((await store.segments.list(CO)).map((s) => s.id)).toEqual(['seg_prd', 'seg_a', 'seg_b'])
      expect(await store.segments.delete(CO, 'seg_a')).toBe(true)
      expect(await store.segments.delete(CO, 'seg_a')).toBe(false)
    })

    it('pages by customer id with a cursor, counting all members', async () => {
      const rule = { not: { event: 'order.paid' } }
      const parsed = parseRule(rule)
      const ctx = { read: store.readSide, companyId: CO, now: NOW }
      const first = await segmentMembersPage(parsed, ctx, { limit: 3 })
      expect(first.count).toBe(4)
      expect(first.members.map((m) => m.customer_id)).toEqual(['c1', 'c5', 'c6'])
      expect(first.next_cursor).not.toBeNull()
      const second = await segmentMembersPage(parsed, ctx, {
        limit: 3,
        after: decodeCustomerCursor(first.next_cursor!)!,
      })
      expect(second).toEqual({ count: 4, members: [{ customer_id: 'c7' }], next_cursor: null })
      // past the last member: no rows, the count still holds
      const past = await segmentMembersPage(parsed, ctx, { after: 'c9' })
      expect(past).toEqual({ count: 4, members: [], next_cursor: null })
      const empty = await segmentMembersPage(parseRule({ event: 'no.such_event' }), ctx, {})
      expect(empty).toEqual({ count: 0, members: [], next_cursor: null })
    })
  })
}

describe('segments on every store', () => {
  it('give identical members', () => {
    const [first, ...rest] = Object.values(answers)
    for (const other of rest) if (Object.keys(other).length > 0) expect(other).toEqual(first)
  })
})
