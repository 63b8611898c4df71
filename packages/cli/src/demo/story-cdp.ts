/** CDP: the customer is created (before anything they do), sometimes updated, enters segments. */
import { iso } from './demo-event-builder.js'
import { AGENTS, type DemoCustomer } from './demo-people.js'
import { DAY, type StoryContext } from './story-context.js'

export function cdpStory(ctx: StoryContext, c: DemoCustomer): void {
  const { build, random } = ctx
  const agent = random.pick(AGENTS)
  build.add(
    'customer.created',
    c.since,
    c.id,
    {
      default_fields: [
        { name: 'full_name', value: c.name },
        { name: 'phone', value: c.phone },
        { name: 'city', value: c.city },
      ],
      custom_fields: [{ name: 'is_reseller', value: c.business }],
      phone: c.phone,
      email: c.email,
      created_at: iso(c.since),
      created_by: c.fromAd ? 'ads_lead_sync' : agent,
    },
    c.fromAd
      ? { actor: { type: 'integration', id: 'ads_lead_sync' }, trigger: 'integration' }
      : { actor: { type: 'agent', id: agent } },
  )
  if (random.chance(0.35)) {
    const at = c.since + random.between(3 * DAY, 60 * DAY)
    const city = c.city === 'Bandung' ? 'Jakarta Selatan' : 'Bandung'
    build.add(
      'customer.updated',
      at,
      c.id,
      {
        change_fields: [{ name: 'city', old_value: c.city, new_value: city }],
        email: c.email,
        updated_at: iso(at),
        updated_by: agent,
      },
      { actor: { type: 'agent', id: agent } },
    )
  }
}

/** VIP segment membership follows the loyalty tier: entered on Gold, exited on a downgrade. */
export function segmentChange(ctx: StoryContext, c: DemoCustomer, at: number, entered: boolean): void {
  ctx.build.add(entered ? 'segment.entered' : 'segment.exited', at, c.id, {
    segment_id: 'seg_vip_gold',
    segment_name: 'VIP Gold members',
  })
}
