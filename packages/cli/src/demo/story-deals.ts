/** Deals: a B2B buyer's deal moves through stages and is won or lost (never both), or still open. */
import { iso } from './demo-event-builder.js'
import { type DemoCustomer, SALES } from './demo-people.js'
import { DAY, type StoryContext } from './story-context.js'

const STAGES = ['stg_prospek', 'stg_presentasi', 'stg_negosiasi', 'stg_kontrak']

export function dealStory(ctx: StoryContext, c: DemoCustomer): void {
  const { build, random } = ctx
  const owner = random.pick(SALES)
  const byOwner = { actor: { type: 'agent' as const, id: owner }, trigger: 'agent' }
  const deal = `deal_${c.id}`
  const size = random.int(20, 250) * 1_000_000
  let at = c.since + random.between(DAY, 30 * DAY)
  const association = { customer_association: [c.id] }
  if (
    !build.add(
      'deal.created',
      at,
      c.id,
      {
        deal_id: deal,
        pipeline_id: 'pl_b2b_distribusi',
        stage_id: STAGES[0],
        deal_size: size,
        owner_id: owner,
        other_fields: { perusahaan: `PT ${c.name.split(' ')[1]} Sejahtera`, kota: c.city },
        ...association,
      },
      byOwner,
    )
  )
    return
  const steps = random.int(1, STAGES.length - 1)
  for (let s = 1; s <= steps; s++) {
    const days = random.int(3, 20)
    at += days * DAY
    if (
      !build.add(
        'deal.stage_changed',
        at,
        c.id,
        {
          deal_id: deal,
          old_stage: STAGES[s - 1],
          new_stage: STAGES[s],
          days_in_stage: days,
          timestamp: iso(at),
          changed_by: owner,
          ...association,
        },
        byOwner,
      )
    )
      return
  }
  const outcome = random.next()
  at += random.int(3, 25) * DAY
  const products = { product_association: ['prd_kemasan_1kg', 'prd_kemasan_5kg'] }
  if (outcome < 0.5) {
    build.add(
      'deal.won',
      at,
      c.id,
      {
        deal_id: deal,
        deal_size: Math.round(size * 0.95),
        close_date: iso(at),
        other_fields: { termin_pembayaran: 'NET 30' },
        ...association,
        ...products,
      },
      byOwner,
    )
  } else if (outcome < 0.85) {
    build.add(
      'deal.lost',
      at,
      c.id,
      {
        deal_id: deal,
        deal_size: size,
        lost_date: iso(at),
        loss_reason: random.pick(['competitor', 'budget', 'no_decision']),
        other_fields: {},
        ...association,
        ...products,
      },
      byOwner,
    )
  } else {
    build.add(
      'deal.rotten_time_breached',
      at,
      c.id,
      { deal_id: deal, deal_size: size, breach_duration_seconds: random.int(1, 10) * 86_400 },
      { actor: { type: 'system' }, trigger: 'system' },
    )
  }
}
