/**
 * Conversion and loyalty: carts become orders, most orders are paid (some only after a failed
 * payment) and delivered; members earn points on paid orders, move up a tier past 1,000 points
 * (entering the VIP segment), and sometimes redeem a reward. Bookings are confirmed, then either
 * completed or cancelled — never both.
 */
import { iso } from './demo-event-builder.js'
import { AGENTS, type DemoCustomer } from './demo-people.js'
import { segmentChange } from './story-cdp.js'
import { DAY, HOUR, MINUTE, type StoryContext } from './story-context.js'
import { adConversion, type DemoAd } from './story-marketing.js'

const PRODUCTS = [
  { item_id: 'sku_batik_tulis_m', name: 'Kemeja Batik Tulis (M)', unit_price: 385_000 },
  { item_id: 'sku_kopi_gayo_250g', name: 'Kopi Gayo 250 g', unit_price: 95_000 },
  { item_id: 'sku_tumbler_500', name: 'Tumbler 500 ml', unit_price: 149_000 },
  { item_id: 'sku_teh_melati', name: 'Teh Melati 100 g', unit_price: 45_000 },
]
const SERVICES = ['hair_spa', 'facial', 'massage', 'nail_art']
const OUTLETS = ['outlet_jkt_kemang', 'outlet_bdg_dago', 'outlet_sby_tunjungan']

interface Membership {
  memberId: string
  points: number
  tier: 'Silver' | 'Gold'
}

export function commerceStory(ctx: StoryContext, c: DemoCustomer, ad: DemoAd | undefined): void {
  const { build, random } = ctx
  let at = c.since + random.between(HOUR, 10 * DAY)
  let member: Membership | undefined
  const orders = random.int(1, 7)
  for (let n = 1; n <= orders && at < ctx.now; n++) {
    const items = [random.pick(PRODUCTS), random.pick(PRODUCTS)]
      .filter((p, i, all) => all.findIndex((q) => q.item_id === p.item_id) === i)
      .map((p) => ({ ...p, quantity: random.int(1, 3) }))
    const total = items.reduce((sum, i) => sum + i.quantity * i.unit_price, 0)
    const orderId = `ord_${c.id}_${n}`
    const customer = { actor: { type: 'customer' as const }, trigger: 'user' }
    build.add(
      'add_to_cart',
      at,
      c.id,
      { items_id: items.map((i) => i.item_id), timestamp: iso(at) },
      customer,
    )
    if (random.chance(0.2)) {
      at += random.between(5 * DAY, 30 * DAY) // an abandoned cart
      continue
    }
    const ordered = at + random.between(5 * MINUTE, 2 * HOUR)
    const method = random.pick(['qris', 'bank_transfer', 'credit_card'])
    build.add(
      'order.created',
      ordered,
      c.id,
      { order_id: orderId, items, total_value: total, payment_method: method },
      customer,
    )
    let paidAt = ordered + random.between(2 * MINUTE, 30 * MINUTE)
    if (random.chance(0.12)) {
      build.add(
        'payment.failed',
        paidAt,
        c.id,
        { order_id: orderId, failure_reason: 'insufficient_funds', attempt_count: 1, payment_method: method },
        { actor: { type: 'system' }, trigger: 'system' },
      )
      if (random.chance(0.5)) {
        at = paidAt + random.between(7 * DAY, 30 * DAY)
        continue // never paid
      }
      paidAt += random.between(HOUR, DAY)
    }
    const system = { actor: { type: 'system' as const }, trigger: 'system' }
    if (
      !build.add(
        'order.paid',
        paidAt,
        c.id,
        { order_id: orderId, payment_type: 'full', paid_amount: total, paid_at: iso(paidAt) },
        system,
      )
    )
      break
    if (ad && n === 1) adConversion(ctx, c, ad, paidAt + MINUTE, total)
    const deliveredAt = paidAt + random.between(DAY, 5 * DAY)
    build.add(
      'order.delivered',
      deliveredAt,
      c.id,
      {
        order_id: orderId,
        delivery_method: random.pick(['jne_reg', 'sicepat', 'gosend']),
        delivered_at: iso(deliveredAt),
      },
      system,
    )
    if (!member && random.chance(0.6)) member = enroll(ctx, c, paidAt + 2 * MINUTE)
    if (member) earn(ctx, c, member, orderId, total, paidAt + 3 * MINUTE)
    at = paidAt + random.between(7 * DAY, 45 * DAY)
  }
}

function enroll(ctx: StoryContext, c: DemoCustomer, at: number): Membership | undefined {
  const member: Membership = { memberId: `mbr_${c.id.slice(5)}`, points: 100, tier: 'Silver' }
  const ok = ctx.build.add(
    'membership.enrolled',
    at,
    c.id,
    {
      member_id: member.memberId,
      program_id: 'prg_sahabat_kopi',
      enrolled_at: iso(at),
      initial_tier: 'Silver',
      available_point: member.points,
    },
    { actor: { type: 'customer' }, trigger: 'user' },
  )
  return ok ? member : undefined
}

function earn(
  ctx: StoryContext,
  c: DemoCustomer,
  m: Membership,
  orderId: string,
  total: number,
  at: number,
): void {
  const { build, random } = ctx
  const earned = Math.floor(total / 1_000)
  m.points += earned
  const expires = iso(at + 365 * DAY)
  build.add(
    'points.earned',
    at,
    c.id,
    {
      member_id: m.memberId,
      points_amount: earned,
      transaction_ref: orderId,
      earned_at: iso(at),
      available_point: m.points,
      expired_point_at: expires,
    },
    { actor: { type: 'system' }, trigger: 'system' },
  )
  if (m.tier === 'Silver' && m.points >= 1_000) {
    m.tier = 'Gold'
    build.add(
      'tier.upgraded',
      at + MINUTE,
      c.id,
      {
        member_id: m.memberId,
        old_tier: 'Silver',
        new_tier: 'Gold',
        available_point: m.points,
        expired_point_at: expires,
      },
      { actor: { type: 'system' }, trigger: 'system' },
    )
    segmentChange(ctx, c, at + 2 * MINUTE, true)
  }
  if (m.points >= 600 && random.chance(0.3)) {
    const redeemAt = at + random.between(DAY, 10 * DAY)
    m.points -= 500
    const customer = { actor: { type: 'customer' as const }, trigger: 'user' }
    build.add(
      'points.burned',
      redeemAt,
      c.id,
      {
        member_id: m.memberId,
        points_used: 500,
        redeemed_at: iso(redeemAt),
        available_point: m.points,
        expired_point_at: expires,
      },
      customer,
    )
    build.add(
      'rewards.redeemed',
      redeemAt,
      c.id,
      {
        member_id: m.memberId,
        reward_used_id: 'rwd_free_es_kopi_susu',
        reward_name: 'Gratis Es Kopi Susu',
        available_point: m.points,
        expired_point_at: expires,
      },
      customer,
    )
    if (m.tier === 'Gold' && m.points < 1_000 && random.chance(0.3)) {
      m.tier = 'Silver'
      build.add(
        'tier.downgraded',
        redeemAt + HOUR,
        c.id,
        { member_id: m.memberId, old_tier: 'Gold', new_tier: 'Silver', available_point: m.points },
        { actor: { type: 'system' }, trigger: 'system' },
      )
      segmentChange(ctx, c, redeemAt + HOUR + MINUTE, false)
    }
  }
}

export function bookingStory(ctx: StoryContext, c: DemoCustomer): void {
  const { build, random } = ctx
  const bookings = random.int(1, 3)
  let at = c.since + random.between(DAY, 30 * DAY)
  for (let n = 1; n <= bookings; n++) {
    const booking = {
      booking_id: `bk_${c.id}_${n}`,
      service_type: random.pick(SERVICES),
      appointment_datetime: iso(at + random.between(2 * DAY, 7 * DAY)),
    }
    const appointment = Date.parse(booking.appointment_datetime)
    const customer = { actor: { type: 'customer' as const }, trigger: 'user' }
    if (!build.add('booking.created', at, c.id, { ...booking, location_id: random.pick(OUTLETS) }, customer))
      return
    const agent = { actor: { type: 'agent' as const, id: random.pick(AGENTS) }, trigger: 'agent' }
    const confirmedAt = at + random.between(HOUR, DAY)
    build.add('booking.confirmed', confirmedAt, c.id, { ...booking, confirmed_at: iso(confirmedAt) }, agent)
    if (random.chance(0.18)) {
      build.add(
        'booking.cancelled',
        appointment - random.between(2 * HOUR, DAY),
        c.id,
        {
          ...booking,
          cancelled_by: 'customer',
          cancellation_reason: random.pick(['schedule_conflict', 'found_alternative', 'sick']),
        },
        customer,
      )
    } else {
      const done = appointment + random.between(HOUR, 2 * HOUR)
      build.add(
        'booking.completed',
        done,
        c.id,
        { ...booking, completed_at: iso(done), rating: random.int(3, 5) },
        agent,
      )
    }
    at = appointment + random.between(14 * DAY, 60 * DAY)
  }
}
