/**
 * Every metric of METRICS.md on hand-built event sets, on every store (SQLite never folded,
 * folded after every commit, default; PostgreSQL): the answers are worked out beside the events.
 * Also: the same events arriving in reverse order, one commit each, give identical results; late
 * identity links count once linked; and every store returns the same numbers.
 */

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { healthExplanation } from '../src/retrieval/metrics/health-explanation.js'
import {
  companyMetrics,
  customerMetrics,
  customerMetricsWithHealth,
  DEFAULT_METRIC_OPTIONS,
  groupedMetrics,
  type MetricWindow,
  metricPerCustomer,
} from '../src/retrieval/metrics/metric-engine.js'
import { canonicalNumber as n } from '../src/retrieval/metrics/metric-values.js'
import { type Envelope, rowOf } from './support/events.js'
import { DAY, event, iso, T0 } from './support/metric-events.js'
import { CONFORMANCE_STORES, type TestDatabase } from './support/test-stores.js'

const d = (days: number) => T0 + days * DAY
const TEN_DAYS: Omit<MetricWindow, 'companyId'> = { fromTs: d(0), toTs: d(10) }

/** Each scenario is a company of its own, so they never mix. */
function communication(): Envelope[] {
  const co = 'co_comm'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  const csat = e('csat.submitted', { at: 50, attributes: { score: 4 } })
  return [
    // preferred channel: whatsapp ×2 (0 = from, 40) and email ×2 (20, 30) tie; whatsapp was last.
    e('conversation.started', { at: 0, attributes: { channel: 'whatsapp' } }),
    e('conversation.started', { at: 20, attributes: { channel: 'email' } }),
    e('call.started', { at: 30, attributes: { channel: 'email' } }),
    e('conversation.started', { at: 40, attributes: { channel: 'whatsapp' } }),
    // outside [from, to): before from, and exactly at to
    ...[-10, -5, -1].map((at) => e('conversation.started', { at, attributes: { channel: 'sms' } })),
    e('conversation.started', { at: d(1), attributes: { channel: 'sms' } }),
    // response time: A@100 → message@103 (180 s; the message at 100 sorts before A by id)
    e('message.received', { at: 100, id: 'a_msg_at_100' }),
    e('conversation.assigned', { at: 100, id: 'b_assigned_at_100' }),
    e('message.received', { at: 103 }),
    // A@200 is followed by A@210 before any message: skipped; A@210 → message@215 (300 s)
    e('conversation.assigned', { at: 200 }),
    e('conversation.assigned', { at: 210 }),
    e('message.received', { at: 215 }),
    // A@300 never answered before to: skipped
    e('conversation.assigned', { at: 300 }),
    e('conversation.resolved', { at: 60, attributes: { resolution_time_seconds: 100 } }),
    e('conversation.resolved', { at: 61, attributes: { resolution_time_seconds: 200 } }),
    e('call.completed', { at: 62, attributes: { duration_seconds: 60 } }),
    csat,
    csat, // a duplicate counts once
    e('csat.submitted', { at: 51, attributes: { score: 5 } }),
    ...[10, 9, 7, 3].map((score, i) => e('nps.submitted', { at: 70 + i, attributes: { score } })),
    e('nps.submitted', { at: 75, customer: 'cust_2', attributes: { score: 10 } }),
    e('csat.submitted', { at: 76, customer: 'cust_2', attributes: { score: 1 } }),
    ...[80, 81, 82].map((at) => e('bot.contained', { at })),
    e('conversation.escalated', { at: 83 }),
    // cust_3: a mode tie at one instant goes to the greater event id
    e('conversation.started', { at: 5, customer: 'cust_3', id: 'z_late', attributes: { channel: 'line' } }),
    e('conversation.started', { at: 5, customer: 'cust_3', id: 'a_early', attributes: { channel: 'email' } }),
  ]
}

function ticketing(): Envelope[] {
  const co = 'co_tick'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  return [
    e('ticket.created', { at: d(1), attributes: { ticket_id: 't1' } }),
    e('ticket.resolved', {
      at: d(1) + 3 * 3_600_000,
      attributes: { ticket_id: 't1', resolved_at: iso(d(1) + 7_200_000) },
    }),
    e('ticket.created', { at: d(2), attributes: { ticket_id: 't2' } }),
    e('ticket.sla_breached', { at: d(3), attributes: { ticket_id: 't2' } }),
    // t3 was created before the window: not in the cohort, though resolved and breached inside it
    e('ticket.created', { at: d(-1), attributes: { ticket_id: 't3' } }),
    e('ticket.resolved', { at: d(0.5), attributes: { ticket_id: 't3' } }),
    e('ticket.sla_breached', { at: d(0.5), attributes: { ticket_id: 't3' } }),
    // t4 created twice: counts once, from day 5; resolved on day 7 without resolved_at (2 days)
    e('ticket.created', { at: d(5), attributes: { ticket_id: 't4' } }),
    e('ticket.created', { at: d(6), attributes: { ticket_id: 't4' } }),
    e('ticket.resolved', { at: d(7), attributes: { ticket_id: 't4', resolved_at: undefined } }),
    // created exactly at to: outside
    e('ticket.created', { at: d(10), attributes: { ticket_id: 't5' } }),
    // stage history, arriving out of order
    e('ticket.stage_changed', {
      at: d(4),
      attributes: { ticket_id: 't2', old_stage: 'open', new_stage: 'pending' },
    }),
    e('ticket.stage_changed', {
      at: d(2),
      attributes: { ticket_id: 't1', old_stage: 'new', new_stage: 'open' },
    }),
    // cust_3: two tickets 31 days apart: no repeat issue; cust_4: one ticket created twice: none
    e('ticket.created', { at: d(-40), customer: 'cust_3', attributes: { ticket_id: 'x1' } }),
    e('ticket.created', { at: d(-9), customer: 'cust_3', attributes: { ticket_id: 'x2' } }),
    e('ticket.created', { at: d(1), customer: 'cust_4', attributes: { ticket_id: 'y1' } }),
    e('ticket.created', { at: d(1.5), customer: 'cust_4', attributes: { ticket_id: 'y1' } }),
    // resolved_at in lowercase with microseconds: whole ms, finer digits dropped, as for event_timestamp
    event('co_tick_time', 'ticket.created', { at: d(1), attributes: { ticket_id: 'z1' } }),
    event('co_tick_time', 'ticket.resolved', {
      at: d(2),
      attributes: { ticket_id: 'z1', resolved_at: '2026-11-02t00:00:01.0009z' },
    }),
  ]
}

function deals(): Envelope[] {
  const co = 'co_deal'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  return [
    e('deal.created', { at: d(1), attributes: { deal_id: 'd1', deal_size: 100 } }),
    e('deal.won', { at: d(3), attributes: { deal_id: 'd1', deal_size: 90, close_date: iso(d(2)) } }),
    e('deal.created', { at: d(2), attributes: { deal_id: 'd2', deal_size: 50 } }),
    e('deal.lost', { at: d(4), attributes: { deal_id: 'd2', deal_size: 50 } }),
    e('deal.created', { at: d(3), attributes: { deal_id: 'd3', deal_size: 30 } }),
    e('deal.rotten_time_breached', { at: d(5), attributes: { deal_id: 'd3', deal_size: 30 } }),
    e('deal.created', { at: d(-5), attributes: { deal_id: 'd4', deal_size: 1000 } }),
    e('deal.won', { at: d(2), attributes: { deal_id: 'd4', deal_size: 900, close_date: undefined } }),
    e('deal.created', { at: d(4), attributes: { deal_id: 'd5', deal_size: 20 } }),
    e('deal.won', { at: d(6), attributes: { deal_id: 'd5', deal_size: 20, close_date: undefined } }),
    e('deal.lost', { at: d(7), attributes: { deal_id: 'd5', deal_size: 20 } }),
    e('deal.stage_changed', { at: d(2), attributes: { deal_id: 'd1', old_stage: 'lead', new_stage: 'won' } }),
    // another customer's deal with the same id is another deal
    e('deal.created', { at: d(1), customer: 'cust_2', attributes: { deal_id: 'd1', deal_size: 7 } }),
  ]
}

function campaign(): Envelope[] {
  const co = 'co_camp'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  const c = (campaign_id: string) => ({ campaign_id })
  return [
    e('campaign.sent', { at: d(1), attributes: c('A') }),
    e('campaign.sent', { at: d(2), attributes: c('A') }),
    e('campaign.sent', { at: d(3), attributes: c('B') }),
    e('campaign.bounced', { at: d(3), attributes: c('C') }),
    e('campaign.replied', { at: d(4), attributes: c('A') }),
    e('campaign.clicked', { at: d(5), attributes: c('B') }),
    e('campaign.clicked', { at: d(12), attributes: c('B') }),
    e('campaign.opted_in', { at: d(1), attributes: c('A') }),
    e('campaign.opted_out', { at: d(8), attributes: c('B') }),
    // both payments' last touch is B's click (day 5); the reply (day 4) is within 7 days too
    e('order.paid', { at: d(6), attributes: { order_id: 'o1', paid_amount: 100 } }),
    e('order.paid', { at: d(9), attributes: { order_id: 'o2', paid_amount: 50 } }),
    // cust_2: a click before the window attributes a payment inside it
    e('campaign.sent', { at: d(1), customer: 'cust_2', attributes: c('A') }),
    e('campaign.clicked', { at: d(-3), customer: 'cust_2', attributes: c('A') }),
    e('order.paid', { at: d(2), customer: 'cust_2', attributes: { order_id: 'o3', paid_amount: 70 } }),
    e('order.paid', { at: d(9), customer: 'cust_2', attributes: { order_id: 'o4', paid_amount: 30 } }),
    // cust_2: opted out and in at one instant; the greater id is the later event
    e('campaign.opted_out', { at: d(2), customer: 'cust_2', id: 'opt_a', attributes: c('A') }),
    e('campaign.opted_in', { at: d(2), customer: 'cust_2', id: 'opt_b', attributes: c('A') }),
    // cust_3: a touch exactly 7 days before counts, a minute more does not, one at the same instant does not
    e('campaign.clicked', { at: d(1), customer: 'cust_3', attributes: c('C') }),
    e('order.paid', { at: d(8), customer: 'cust_3', attributes: { order_id: 'o5', paid_amount: 5 } }),
    e('order.paid', {
      at: d(8) + 60_000,
      customer: 'cust_3',
      attributes: { order_id: 'o6', paid_amount: 7 },
    }),
    e('campaign.clicked', { at: d(9), customer: 'cust_3', attributes: c('C') }),
    e('order.paid', { at: d(9), customer: 'cust_3', attributes: { order_id: 'o7', paid_amount: 11 } }),
  ]
}

function ads(): Envelope[] {
  const co = 'co_ads'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  const meta = { campaign_id: 'X', ad_platform: 'meta' }
  const google = { campaign_id: 'Y', ad_platform: 'google' }
  return [
    ...[1, 2, 3, 4].map((at) => e('ad.impression', { at: d(at), attributes: meta })),
    e('ad.impression', { at: d(1), attributes: google }),
    e('ad.clicked', { at: d(2), attributes: meta }),
    e('ad.clicked', { at: d(3), attributes: meta }),
    e('ad.lead_captured', { at: d(3), attributes: meta }),
    e('ad.converted', { at: d(4), attributes: { ...meta, conversion_value: 300 } }),
    e('ad.spend_recorded', { at: d(1), customer: null, attributes: { ...meta, ad_spend: 100 } }),
    e('ad.spend_recorded', { at: d(1), customer: null, attributes: { ...google, ad_spend: 50 } }),
    e('ad.spend_recorded', { at: d(11), customer: null, attributes: { ...google, ad_spend: 999 } }),
  ]
}

function conversion(): Envelope[] {
  const co = 'co_conv'
  const e = (name: string, spec: Parameters<typeof event>[2]) => event(co, name, spec)
  const order = (id: string, total: number, method: string) => ({
    order_id: id,
    total_value: total,
    payment_method: method,
  })
  return [
    e('customer.updated', { at: d(-30) }),
    e('order.created', { at: d(1), attributes: order('o1', 100, 'qris') }),
    e('order.created', { at: d(2), attributes: order('o2', 200, 'card') }),
    e('order.created', { at: d(3), attributes: order('o3', 300, 'card') }),
    e('order.created', { at: d(4), attributes: order('o4', 400, 'qris') }),
    e('order.paid', { at: d(2), attributes: { order_id: 'o1', paid_amount: 100 } }),
    e('order.paid', { at: d(40), attributes: { order_id: 'o2', paid_amount: 200 } }),
    e('order.paid', { at: d(5), attributes: { order_id: 'o4', paid_amount: 400 } }),
    e('booking.created', { at: d(1), attributes: { booking_id: 'b1' } }),
    e('booking.completed', { at: d(3), attributes: { booking_id: 'b1' } }),
    e('booking.created', { at: d(2), attributes: { booking_id: 'b2' } }),
  ]
}

function cdp(): Envelope[] {
  const co = 'co_cdp'
  const created = (customer: string, at: number, trigger: string) =>
    event(co, 'customer.created', {
      at,
      customer,
      attributes: {
        phone: `+62811000${customer.length}${at}`.slice(0, 14),
        email: `${customer}@example.com`,
      },
      envelope: { trigger_from: trigger },
    })
  const seg = (name: string, at: number, segment_id: string) =>
    event(co, name, { at, attributes: { segment_id } })
  return [
    created('cust_1', d(1), 'user'),
    created('cust_2', d(2), 'import'),
    created('cust_3', d(3), 'import'),
    created('cust_4', d(-5), 'user'),
    seg('segment.entered', d(1), 'S1'),
    seg('segment.entered', d(2), 'S2'),
    seg('segment.exited', d(3), 'S1'),
    // state metrics fold events at or before `to`
    seg('segment.entered', d(10), 'S3'),
    seg('segment.entered', d(10) + 1, 'S4'),
  ]
}

function loyalty(): Envelope[] {
  const co = 'co_loy'
  const e = (name: string, customer: string, at: number, attributes: Record<string, unknown>) =>
    event(co, name, { at: d(at), customer, attributes: { member_id: `m_${customer}`, ...attributes } })
  return [
    e('membership.enrolled', 'cust_1', 1, { program_id: 'P1', initial_tier: 'Silver', available_point: 100 }),
    e('points.earned', 'cust_1', 2, { available_point: 150 }),
    e('tier.upgraded', 'cust_1', 3, { old_tier: 'Silver', new_tier: 'Gold', available_point: 150 }),
    e('membership.unenrolled', 'cust_1', 4, { program_id: 'P1', available_point: 140 }),
    e('membership.enrolled', 'cust_2', 1, { program_id: 'P1', initial_tier: 'Silver', available_point: 50 }),
    e('membership.enrolled', 'cust_2', 2, { program_id: 'P2', initial_tier: 'Bronze', available_point: 20 }),
    e('membership.enrolled', 'cust_3', 1, { program_id: 'P2', initial_tier: 'Gold', available_point: 300 }),
    e('membership.unenrolled', 'cust_3', 2, { program_id: 'P2', available_point: 300 }),
    e('membership.enrolled', 'cust_3', 3, { program_id: 'P2', initial_tier: 'Gold', available_point: 10 }),
    event(co, 'conversation.started', { at: d(5), customer: 'cust_4' }),
  ]
}

function health(): Envelope[] {
  const co = 'co_health'
  const agent = { actor: { type: 'agent', id: 'agent_1' } }
  const e = (name: string, at: number, attributes: Record<string, unknown> = {}, envelope = agent) =>
    event(co, name, { at: d(at), attributes, envelope })
  return [
    e('ticket.created', 1, { ticket_id: 'h1' }),
    e('ticket.created', 2, { ticket_id: 'h2' }),
    e('ticket.created', -100, { ticket_id: 'old' }),
    e('ticket.sla_breached', 1.5, { ticket_id: 'h1' }),
    // CSAT 2, 2, 2 then 4, 4, 4: last 3 mean 4, previous 3 mean 2; the latest is customer engagement 9 days before to
    ...[2, 2, 2, 4, 4, 4].map((score, i) =>
      e('csat.submitted', -10 + i * 0.2, { score }, { actor: { type: 'customer', id: 'c' } } as never),
    ),
    e('deal.created', 1, { deal_id: 'hd', deal_size: 10 }),
    event(co, 'ticket.created', {
      at: d(-3),
      customer: 'cust_quiet',
      attributes: { ticket_id: 'q' },
      envelope: agent,
    }),
  ]
}

const SCENARIOS = [communication, ticketing, deals, campaign, ads, conversion, cdp, loyalty, health]

const results: Record<string, unknown> = {}

for (const flavour of CONFORMANCE_STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`metrics: ${flavour.label}`, () => {
    let database: TestDatabase
    let store: Store
    const events = SCENARIOS.flatMap((scenario) => scenario())
    const customer = (
      companyId: string,
      customerId: string,
      window: Omit<MetricWindow, 'companyId'> = TEN_DAYS,
    ) => customerMetrics(store.readSide, { companyId, customerId, ...window })
    const company = (companyId: string, window: Omit<MetricWindow, 'companyId'> = TEN_DAYS) =>
      companyMetrics(store.readSide, { companyId, ...window })
    const record = (name: string, value: unknown) => {
      results[`${flavour.label}|${name}`] = value
      return value
    }

    beforeAll(async () => {
      database = await flavour.create()
      store = await database.open()
      const statuses = await store.commit(events.map(rowOf), { receivedAt: Date.now() })
      expect(statuses.filter((s) => s.status === 'duplicate')).toHaveLength(1)
    })
    afterAll(async () => {
      await store?.close()
      await database?.drop()
    })

    it('communication: counts, mode ties, response time, averages, containment, NPS', async () => {
      const window = { fromTs: T0, toTs: d(1) }
      const m = record('comm', await customer('co_comm', 'cust_1', window)) as Record<string, unknown>
      expect(m).toMatchObject({
        'communication.conversations_total': 3,
        'communication.calls_total': 1,
        'communication.messages_total': 3,
        'communication.preferred_channel': 'whatsapp',
        'communication.avg_response_time_s': 240, // (180 + 300) / 2
        'communication.avg_resolution_time_s': 150,
        'communication.avg_call_duration_s': 60,
        'communication.avg_csat': 4.5,
        'communication.avg_nps': 7.25,
        'communication.ai_containment_rate': 0.75,
      })
      expect((await customer('co_comm', 'cust_3', window))['communication.preferred_channel']).toBe('line')
      const none = await customer('co_comm', 'nobody', window)
      expect(none).toMatchObject({
        'communication.conversations_total': 0,
        'communication.preferred_channel': null,
        'communication.avg_response_time_s': null,
        'communication.ai_containment_rate': null,
      })
      const c = record('comm.company', await company('co_comm', window)) as Record<string, unknown>
      // CSAT 4, 5, 1 pooled; NPS 10, 9, 7, 3, 10: 3 promoters, 1 detractor of 5
      expect(c).toMatchObject({
        'communication.avg_csat': n(10 / 3),
        'communication.ai_containment_rate': 0.75,
        'communication.nps': 40,
      })
    })

    it('ticketing: cohort rates, times, breaches, repeat issues, stage history, window edges', async () => {
      const m = record('tick', await customer('co_tick', 'cust_1')) as Record<string, unknown>
      expect(m).toMatchObject({
        'ticketing.tickets_total': 3, // t1, t2, t4
        'ticketing.resolution_rate': n(2 / 3),
        'ticketing.avg_time_to_resolve_s': 90_000, // (7200 + 172800) / 2
        'ticketing.sla_breach_count': 2,
        'ticketing.sla_breach_rate': n(1 / 3),
        'ticketing.repeat_issue': true,
        'ticketing.stage_history': [
          { ticket_id: 't1', old_stage: 'new', new_stage: 'open', at: iso(d(2)) },
          { ticket_id: 't2', old_stage: 'open', new_stage: 'pending', at: iso(d(4)) },
        ],
      })
      expect((await customer('co_tick_time', 'cust_1'))['ticketing.avg_time_to_resolve_s']).toBe(1)
      const all = { toTs: d(10) }
      expect((await customer('co_tick', 'cust_3', all))['ticketing.repeat_issue']).toBe(false)
      expect((await customer('co_tick', 'cust_4', all))['ticketing.repeat_issue']).toBe(false)
      // cohort over the company: t1, t2, t4 of cust_1 and y1 of cust_4 (x2 of cust_3 is before the window)
      expect(await company('co_tick')).toMatchObject({
        'ticketing.resolution_rate': 0.5,
        'ticketing.sla_breach_rate': 0.25,
        'ticketing.avg_time_to_resolve_s': 90_000,
      })
    })

    it('deals: cohorts (won and lost both count), sizes, conversion time, pipeline at to', async () => {
      const m = record('deal', await customer('co_deal', 'cust_1')) as Record<string, unknown>
      expect(m).toMatchObject({
        'deals.deals_total': 4,
        'deals.deal_size_total': 200,
        'deals.won_rate': 0.5,
        'deals.lost_rate': 0.5,
        'deals.won_value_total': 1010, // 90 + 900 + 20
        'deals.avg_time_to_conversion_s': 129_600, // (1 day + 2 days) / 2
        'deals.rotten_breach_count': 1,
        'deals.rotten_breach_rate': 0.25,
        'deals.stage_history': [{ deal_id: 'd1', old_stage: 'lead', new_stage: 'won', at: iso(d(2)) }],
      })
      // pooled: 2 won of 5 deals (not the mean of 0.5 and 0)
      expect(await company('co_deal')).toMatchObject({ 'deals.won_rate': 0.4, 'deals.pipeline_value': 37 })
      expect(await company('co_deal', { fromTs: d(0), toTs: d(3.5) })).toMatchObject({
        'deals.pipeline_value': 87, // d2 50 + d3 30 + cust_2's d1 7
      })
    })

    it('campaign: cohorts, delivery, opt state at ties, attributed revenue with last touch', async () => {
      const m = record('camp', await customer('co_camp', 'cust_1')) as Record<string, unknown>
      expect(m).toMatchObject({
        'campaign.received_total': 3,
        'campaign.delivery_rate': 0.75,
        'campaign.reply_rate': 0.5,
        'campaign.click_rate': 0.5,
        'campaign.opt_status': 'opted_out',
        'campaign.attributed_revenue': 150,
      })
      expect(await customer('co_camp', 'cust_2')).toMatchObject({
        'campaign.opt_status': 'opted_in',
        'campaign.attributed_revenue': 70,
      })
      expect(await customer('co_camp', 'cust_3')).toMatchObject({ 'campaign.attributed_revenue': 5 })
      expect(await customer('co_camp', 'nobody')).toMatchObject({
        'campaign.opt_status': 'unknown',
        'campaign.reply_rate': null,
      })
      const c = record('camp.company', await company('co_camp')) as Record<string, unknown>
      expect(c).toMatchObject({
        'campaign.sent': 4,
        'campaign.bounced': 1,
        'campaign.replies': 1,
        'campaign.clicks': 3,
        'campaign.delivery_rate': 0.8,
        'campaign.reply_rate': n(1 / 3),
        'campaign.opt_outs': 1,
        'campaign.attributed_revenue': 225,
      })
      const groups = await groupedMetrics(store.readSide, {
        companyId: 'co_camp',
        ...TEN_DAYS,
        groupBy: 'campaign_id',
      })
      record('camp.groups', groups)
      const emptyAds = {
        'ads.impressions': 0,
        'ads.clicks': 0,
        'ads.leads': 0,
        'ads.conversions': 0,
        'ads.ctr': null,
        'ads.conversion_rate': null,
        'ads.spend': 0,
        'ads.cpl': null,
        'ads.cpa': null,
        'ads.roas': null,
      }
      expect(groups).toEqual([
        {
          key: { campaign_id: 'A' },
          metrics: {
            'campaign.sent': 3,
            'campaign.bounced': 0,
            'campaign.replies': 1,
            'campaign.clicks': 0,
            'campaign.delivery_rate': 1,
            'campaign.reply_rate': 0.5,
            'campaign.opt_outs': 0,
            'campaign.attributed_revenue': 70,
            ...emptyAds,
          },
        },
        {
          key: { campaign_id: 'B' },
          metrics: {
            'campaign.sent': 1,
            'campaign.bounced': 0,
            'campaign.replies': 0,
            'campaign.clicks': 1,
            'campaign.delivery_rate': 1,
            'campaign.reply_rate': 0,
            'campaign.opt_outs': 1,
            'campaign.attributed_revenue': 150,
            ...emptyAds,
          },
        },
        {
          key: { campaign_id: 'C' },
          metrics: {
            'campaign.sent': 0,
            'campaign.bounced': 1,
            'campaign.replies': 0,
            'campaign.clicks': 2,
            'campaign.delivery_rate': 0,
            'campaign.reply_rate': null,
            'campaign.opt_outs': 0,
            'campaign.attributed_revenue': 5,
            ...emptyAds,
          },
        },
      ])
    })

    it('ads: counts, ratios, spend from company-scoped events, grouped by platform', async () => {
      expect(record('ads', await customer('co_ads', 'cust_1'))).toMatchObject({
        'ads.impressions': 5,
        'ads.clicks': 2,
        'ads.leads': 1,
        'ads.conversions': 1,
        'ads.conversion_value': 300,
      })
      expect(record('ads.company', await company('co_ads'))).toMatchObject({
        'ads.impressions': 5,
        'ads.ctr': 0.4,
        'ads.conversion_rate': 0.5,
        'ads.spend': 150,
        'ads.cpl': 150,
        'ads.cpa': 150,
        'ads.roas': 2,
      })
      const groups = await groupedMetrics(store.readSide, {
        companyId: 'co_ads',
        ...TEN_DAYS,
        groupBy: 'ad_platform',
      })
      expect(groups).toEqual([
        {
          key: { ad_platform: 'google' },
          metrics: {
            'ads.impressions': 1,
            'ads.clicks': 0,
            'ads.leads': 0,
            'ads.conversions': 0,
            'ads.ctr': 0,
            'ads.conversion_rate': null,
            'ads.spend': 50,
            'ads.cpl': null,
            'ads.cpa': null,
            'ads.roas': 0,
          },
        },
        {
          key: { ad_platform: 'meta' },
          metrics: {
            'ads.impressions': 4,
            'ads.clicks': 2,
            'ads.leads': 1,
            'ads.conversions': 1,
            'ads.ctr': 0.5,
            'ads.conversion_rate': 0.5,
            'ads.spend': 100,
            'ads.cpl': 100,
            'ads.cpa': 100,
            'ads.roas': 3,
          },
        },
      ])
    })

    it('conversion: cohorts, mode tie, order value, LTV, purchase frequency with and without from', async () => {
      const window = { fromTs: d(0), toTs: d(30) }
      expect(record('conv', await customer('co_conv', 'cust_1', window))).toMatchObject({
        'conversion.bookings_total': 2,
        'conversion.booking_completed_rate': 0.5,
        'conversion.orders_total': 4,
        'conversion.ltv': 500,
        'conversion.avg_order_value': 250,
        'conversion.preferred_payment_method': 'qris', // 2–2 tie, qris was last
        'conversion.paid_rate': 0.5,
        'conversion.purchase_frequency_30d': 2, // 2 payments × 30 / 30 days
      })
      // without from the window starts at the customer's first event (day −30): 2 × 30 / 60 days
      expect(
        (await customer('co_conv', 'cust_1', { toTs: d(30) }))['conversion.purchase_frequency_30d'],
      ).toBe(1)
      expect(
        (await customer('co_conv', 'nobody', { toTs: d(30) }))['conversion.purchase_frequency_30d'],
      ).toBeNull()
      expect(await company('co_conv', window)).toMatchObject({
        'conversion.revenue': 500,
        'conversion.avg_order_value': 250,
        'conversion.paid_rate': 0.5,
        'conversion.booking_completed_rate': 0.5,
      })
    })

    it('cdp: new customers, growth against the previous window, sources, segments at to', async () => {
      expect(record('cdp', await company('co_cdp'))).toMatchObject({
        'cdp.new_customers': 3,
        'cdp.new_customer_growth_rate': 2, // (3 − 1) / 1
        'cdp.acquisition_by_source': { import: 2, user: 1 },
      })
      expect((await company('co_cdp', { toTs: d(10) }))['cdp.new_customer_growth_rate']).toBeNull()
      expect((await customer('co_cdp', 'cust_1'))['cdp.segments']).toEqual(['S2', 'S3'])
      expect((await customer('co_cdp', 'cust_1', { toTs: d(2.5) }))['cdp.segments']).toEqual(['S1', 'S2'])
    })

    it('loyalty: membership, points and tier at to; members, enrolment, programs, tiers, growth', async () => {
      expect(record('loy', await customer('co_loy', 'cust_1'))).toMatchObject({
        'loyalty.member': false,
        'loyalty.available_points': 140,
        'loyalty.tier': 'Gold',
      })
      expect(await customer('co_loy', 'cust_2')).toMatchObject({
        'loyalty.member': true,
        'loyalty.available_points': 20,
        'loyalty.tier': 'Bronze',
      })
      expect(await customer('co_loy', 'cust_4')).toMatchObject({
        'loyalty.member': false,
        'loyalty.tier': null,
      })
      expect(record('loy.company', await company('co_loy'))).toMatchObject({
        'loyalty.members_total': 2,
        'loyalty.enrollment_rate': 0.5,
        'loyalty.enrollment_by_program': { P1: 1, P2: 2 },
        'loyalty.new_member_growth_rate': null,
        'loyalty.tier_distribution': { Bronze: 1, Gold: 1 },
        'loyalty.avg_available_points': 15,
      })
      // at day 2.5 cust_3 is unenrolled: members cust_1 (P1) and cust_2 (P1, P2)
      expect(await company('co_loy', { fromTs: d(1), toTs: d(2.5) })).toMatchObject({
        'loyalty.members_total': 2,
        'loyalty.enrollment_by_program': { P1: 2, P2: 1 },
        'loyalty.new_member_growth_rate': null, // nothing enrolled in the previous window
      })
    })

    it('answers a repeated one-customer statement the same on every run (kept plans, kept statements)', async () => {
      // PostgreSQL plans a named statement for its values 5 times on a connection, then may keep
      // a generic plan; SQLite reuses the prepared statement. Several customers, alternating, so
      // a plan or a binding that kept a previous customer's values would show.
      const asks = [
        ['co_health', 'cust_1'],
        ['co_health', 'cust_quiet'],
        ['co_comm', 'cust_1'],
      ] as const
      const ask = ([companyId, customerId]: (typeof asks)[number]) =>
        customerMetricsWithHealth(store.readSide, { companyId, customerId, toTs: d(2) })
      const first = []
      for (const pair of asks) first.push(await ask(pair))
      expect(first[0]!.metrics['health.score']).not.toEqual(first[1]!.metrics['health.score'])
      for (let round = 0; round < 8; round++) {
        for (const [i, pair] of asks.entries())
          expect(await ask(pair), `${pair} run ${round}`).toEqual(first[i])
      }
      const health = await healthExplanation(
        store.readSide,
        { companyId: 'co_health', customerId: 'cust_1', toTs: d(2) },
        DEFAULT_METRIC_OPTIONS,
      )
      expect(first[0]!.health).toEqual(health)
    })

    it('health score: each factor, weights from configuration, null without events', async () => {
      const window = { companyId: 'co_health', customerId: 'cust_1', toTs: d(1) + DAY }
      const metrics = await customer('co_health', 'cust_1', { toTs: d(2) })
      const explanation = await healthExplanation(
        store.readSide,
        { ...window, toTs: d(2) },
        DEFAULT_METRIC_OPTIONS,
      )
      record('health', { metrics, explanation })
      // tickets 1 − 1/5 = 0.8 (h2 is created at to, outside), breaches 1 − 1/3, CSAT 0.5 + 2/8 = 0.75,
      // open deal 0.75, no tier 0, last customer event 11 days before to: 1 − 11/90
      const subScores = [0.8, 2 / 3, 0.75, 0.75, 0, 1 - 11 / 90]
      const weights = [20, 15, 20, 15, 10, 20]
      const score = subScores.reduce((sum, s, i) => sum + s * weights[i]!, 0)
      expect(metrics['health.score']).toBe(n(score))
      expect(explanation.score).toBe(n(score))
      expect(explanation.factors.map((f) => [f.id, f.value, f.sub_score, f.weight])).toEqual([
        ['ticket_volume', 1, 0.8, 20],
        ['sla_breaches', 1, n(2 / 3), 15],
        ['csat_trend', 2, 0.75, 20],
        ['deal_outcome', 'open', 0.75, 15],
        ['loyalty_tier', null, 0, 10],
        ['engagement_recency', 11, n(1 - 11 / 90), 20],
      ])
      const tiered = await healthExplanation(
        store.readSide,
        { ...window, customerId: 'cust_quiet', toTs: d(2) },
        {
          health: {
            ...DEFAULT_METRIC_OPTIONS.health,
            weights: { ...DEFAULT_METRIC_OPTIONS.health.weights, ticket_volume: 0 },
          },
        },
      )
      // cust_quiet: one ticket, nothing else: 15 × 1 + 20 × 0.5 + 15 × 0.5 over 80 (ticket volume weighs 0)
      expect(tiered.score).toBe(n((100 * (15 + 10 + 7.5)) / 80))
      expect((await customer('co_health', 'nobody', { toTs: d(2) }))['health.score']).toBeNull()
    })

    it('a segment leaf compares one metric for every customer in SQL, equal to the customer answers', async () => {
      const window = { companyId: 'co_tick', ...TEN_DAYS }
      const leaf = metricPerCustomer(store.readSide, window, 'ticketing.resolution_rate')
      const { rows } = await sql<{
        customer_id: string
        value: number
      }>`SELECT l.customer_id, l.value FROM (${leaf}) l
        WHERE l.value >= 0.5`.execute(store.readSide.db)
      expect(rows.map((row) => [row.customer_id, n(Number(row.value))])).toEqual([['cust_1', n(2 / 3)]])
      for (const id of ['ticketing.tickets_total', 'ticketing.sla_breach_count', 'health.score']) {
        const all = await sql<{
          customer_id: string
          value: unknown
        }>`SELECT * FROM (${metricPerCustomer(store.readSide, window, id)}) l`.execute(store.readSide.db)
        for (const row of all.rows) {
          const answer = (await customer('co_tick', row.customer_id))[id]
          expect(n(Number(row.value)), `${id} ${row.customer_id}`).toBe(answer)
        }
      }
    })

    it('the same events arriving in reverse order, one commit each, give identical results', async () => {
      const reversed = [...events].reverse().map((e) => ({ ...e, company_id: `${e.company_id}_rev` }))
      for (const e of reversed) await store.commit([rowOf(e)], { receivedAt: Date.now() })
      for (const [companyId, customerId] of [
        ['co_comm', 'cust_1'],
        ['co_tick', 'cust_1'],
        ['co_deal', 'cust_1'],
        ['co_camp', 'cust_1'],
        ['co_conv', 'cust_1'],
        ['co_loy', 'cust_3'],
        ['co_health', 'cust_1'],
      ] as const) {
        expect(await customer(`${companyId}_rev`, customerId)).toEqual(await customer(companyId, customerId))
      }
      for (const companyId of [
        'co_comm',
        'co_tick',
        'co_deal',
        'co_camp',
        'co_ads',
        'co_conv',
        'co_cdp',
        'co_loy',
      ]) {
        expect(await company(`${companyId}_rev`)).toEqual(await company(companyId))
      }
    })

    it('an event waiting for identity resolution counts for the company at once, for its customer once linked', async () => {
      const lead = event('co_link', 'ad.lead_captured', {
        at: d(1),
        customer: null,
        attributes: { phone: '+62855500011' },
      })
      await store.commit([rowOf(lead)], { receivedAt: Date.now() })
      expect((await customer('co_link', 'c_linked'))['ads.leads']).toBe(0)
      expect((await company('co_link'))['ads.leads']).toBe(1)
      const created = event('co_link', 'customer.created', {
        at: d(2),
        customer: 'c_linked',
        attributes: { phone: '+62855500011', email: 'linked@example.com' },
      })
      await store.commit([rowOf(created)], { receivedAt: Date.now() })
      expect((await customer('co_link', 'c_linked'))['ads.leads']).toBe(1)
      expect(await company('co_link')).toMatchObject({ 'ads.leads': 1, 'cdp.new_customers': 1 })
      const leaf = metricPerCustomer(store.readSide, { companyId: 'co_link', ...TEN_DAYS }, 'ads.leads')
      const { rows } = await sql<{ customer_id: string; value: number }>`SELECT * FROM (${leaf}) l`.execute(
        store.readSide.db,
      )
      expect(rows.map((row) => [row.customer_id, Number(row.value)])).toEqual([['c_linked', 1]])
    })
  })
}

describe('every store answers the same', () => {
  it('SQLite and PostgreSQL return identical numbers', () => {
    const labels = [...new Set(Object.keys(results).map((key) => key.split('|')[0]!))]
    const names = [...new Set(Object.keys(results).map((key) => key.split('|')[1]!))]
    expect(names.length).toBeGreaterThan(5)
    for (const name of names) {
      const first = results[`${labels[0]}|${name}`]
      for (const label of labels.slice(1))
        expect(results[`${label}|${name}`], `${label} ${name}`).toEqual(first)
    }
  })
})
