/**
 * Compile-time checks: `npm run typecheck` fails if the catalog's types stop catching mistakes.
 * Each `@ts-expect-error` line must be an error, or tsc reports the directive as unused.
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { CebeEvent, CebeEventOf, EventAttributes, EventName, ModuleOf } from '../src/index.js'

function track<N extends EventName>(_name: N, _attributes: EventAttributes<N>): void {}

describe('catalog types', () => {
  it('type event names, attributes and the event union', () => {
    track('campaign.replied', { campaign_id: 'c1', template_id: 't1', channel: 'whatsapp' })
    track('order.paid', { order_id: 'o1', payment_type: 'full', paid_amount: 10 })
    // @ts-expect-error — not a catalog event
    track('campaign.replyed', {})
    // @ts-expect-error — campaign_id is required
    track('campaign.replied', { template_id: 't1', channel: 'whatsapp' })
    const bounced = { campaign_id: 'c', template_id: 't', channel: 'x', bounce_reason: 'r' }
    // @ts-expect-error — unknown attribute key
    track('campaign.bounced', { ...bounced, extra: 1 })
    // @ts-expect-error — payment_type is dp | full
    track('order.paid', { order_id: 'o1', payment_type: 'half', paid_amount: 10 })

    expectTypeOf<ModuleOf<'ad.spend_recorded'>>().toEqualTypeOf<'campaign'>()
    expectTypeOf<CebeEventOf<'deal.won'>['source_module']>().toEqualTypeOf<'deals'>()
    expectTypeOf<Extract<CebeEvent, { event_name: 'add_to_cart' }>['event_attributes']>().toHaveProperty(
      'items_id',
    )
  })
})
