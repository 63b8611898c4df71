/**
 * Campaign and ads: the company's monthly WhatsApp campaigns reach the customers it has at the
 * time (a few bounce, some reply or click, an opted-out customer gets no more); a customer who
 * came from an ad saw and clicked it, and left their number, just before being created; the ad
 * spend is recorded daily for the company (no customer).
 */
import type { DemoCustomer } from './demo-people.js'
import { DAY, HOUR, MINUTE, type StoryContext } from './story-context.js'

export interface DemoCampaign {
  id: string
  template: string
  sentAt: number
}

export interface DemoAd {
  adId: string
  campaignId: string
  platform: 'meta' | 'google' | 'tiktok'
  creativeId: string
}

export const ADS: readonly DemoAd[] = [
  { adId: 'ad_771', campaignId: 'cmp_ads_brand', platform: 'meta', creativeId: 'cr_9' },
  { adId: 'ad_802', campaignId: 'cmp_ads_promo', platform: 'google', creativeId: 'cr_14' },
  { adId: 'ad_815', campaignId: 'cmp_ads_promo', platform: 'tiktok', creativeId: 'cr_21' },
]

export function monthlyCampaigns(ctx: StoryContext): DemoCampaign[] {
  const campaigns: DemoCampaign[] = []
  for (let at = ctx.start + 10 * DAY; at < ctx.now; at += 30 * DAY) {
    const month = new Date(at).toISOString().slice(0, 7).replace('-', '_')
    campaigns.push({ id: `cmp_${month}_promo`, template: `tpl_promo_${month}`, sentAt: at + 2 * HOUR })
  }
  return campaigns
}

export function campaignStory(ctx: StoryContext, c: DemoCustomer, campaigns: readonly DemoCampaign[]): void {
  const { build, random } = ctx
  let optedIn = false
  for (const campaign of campaigns) {
    if (campaign.sentAt < c.since || !random.chance(0.7)) continue
    const base = { campaign_id: campaign.id, template_id: campaign.template }
    const sentAt = campaign.sentAt + random.between(0, 30 * MINUTE)
    if (random.chance(0.04)) {
      build.add('campaign.bounced', sentAt, c.id, {
        ...base,
        channel: 'whatsapp',
        bounce_reason: 'recipient_not_on_whatsapp',
      })
      continue
    }
    build.add(
      'campaign.sent',
      sentAt,
      c.id,
      {
        ...base,
        channel: 'whatsapp',
        campaign_cost: 350,
        customer_attributes: { first_name: c.firstName, city: c.city },
        timestamp: new Date(sentAt).toISOString(),
      },
      { trigger: 'automation' },
    )
    if (random.chance(0.25)) {
      const at = sentAt + random.between(2 * MINUTE, 6 * HOUR)
      build.add(
        'campaign.replied',
        at,
        c.id,
        {
          ...base,
          channel: 'whatsapp',
          campaign_cost: 350,
          sent_at: new Date(sentAt).toISOString(),
          timestamp: new Date(at).toISOString(),
          reply_content_preview: random.pick([
            'Promonya sampai kapan kak?',
            'Mau order yang ini',
            'Ada ukuran L?',
          ]),
        },
        { actor: { type: 'customer' }, trigger: 'user' },
      )
    }
    if (random.chance(0.18)) {
      const at = sentAt + random.between(MINUTE, 3 * HOUR)
      build.add(
        'campaign.clicked',
        at,
        c.id,
        {
          ...base,
          channel: 'whatsapp',
          cta_type: 'url',
          destination_url: 'https://shop.example.com/promo',
          timestamp: new Date(at).toISOString(),
        },
        { actor: { type: 'customer' }, trigger: 'user' },
      )
    }
    if (!optedIn && random.chance(0.1)) {
      optedIn = true
      const at = sentAt + random.between(5 * MINUTE, HOUR)
      build.add(
        'campaign.opted_in',
        at,
        c.id,
        { ...base, opt_in_channel: 'whatsapp', timestamp: new Date(at).toISOString() },
        { actor: { type: 'customer' }, trigger: 'user' },
      )
    }
    if (random.chance(0.03)) {
      const at = sentAt + random.between(5 * MINUTE, 2 * HOUR)
      build.add(
        'campaign.opted_out',
        at,
        c.id,
        { ...base, opt_out_channel: 'whatsapp', timestamp: new Date(at).toISOString() },
        { actor: { type: 'customer' }, trigger: 'user' },
      )
      return // no campaign reaches them any more
    }
  }
}

/** The ad journey of a customer acquired through an ad; it ends where `customer.created` starts. */
export function adLeadStory(ctx: StoryContext, c: DemoCustomer): DemoAd {
  const { build, random } = ctx
  const ad = random.pick(ADS)
  const base = { ad_id: ad.adId, campaign_id: ad.campaignId, ad_platform: ad.platform }
  const seen = c.since - random.between(10 * MINUTE, 2 * DAY)
  const clicked = c.since - random.between(2 * MINUTE, 8 * MINUTE)
  const integration = {
    actor: { type: 'integration' as const, id: `${ad.platform}-ads-sync` },
    trigger: 'integration',
  }
  build.add(
    'ad.impression',
    seen,
    c.id,
    {
      ...base,
      ad_set_id: 'adset_12',
      creative_id: ad.creativeId,
      ad_spend: 12.5,
      timestamp: new Date(seen).toISOString(),
    },
    integration,
  )
  build.add(
    'ad.clicked',
    clicked,
    c.id,
    {
      ...base,
      creative_id: ad.creativeId,
      destination_url: 'https://wa.me/6281100000000',
      cost_per_click: 1200,
      timestamp: new Date(clicked).toISOString(),
    },
    { actor: { type: 'customer' }, trigger: 'user' },
  )
  const lead = c.since - MINUTE
  build.add(
    'ad.lead_captured',
    lead,
    c.id,
    { ...base, room_id: `room_lead_${c.id}`, phone: c.phone, timestamp: new Date(lead).toISOString() },
    { actor: { type: 'customer' }, trigger: 'user' },
  )
  return ad
}

export function adConversion(
  ctx: StoryContext,
  c: DemoCustomer,
  ad: DemoAd,
  at: number,
  value: number,
): void {
  ctx.build.add('ad.converted', at, c.id, {
    ad_id: ad.adId,
    campaign_id: ad.campaignId,
    ad_platform: ad.platform,
    conversion_type: 'purchase',
    conversion_value: value,
    attribution_window: '7d_click_1d_view',
    timestamp: new Date(at).toISOString(),
  })
}

export function adSpendStory(ctx: StoryContext): void {
  const { build, random } = ctx
  for (let day = ctx.start; day + DAY <= ctx.now; day += DAY) {
    for (const ad of ADS) {
      const at = day + DAY + HOUR
      build.add(
        'ad.spend_recorded',
        at,
        null,
        {
          ad_id: ad.adId,
          campaign_id: ad.campaignId,
          ad_platform: ad.platform,
          ad_spend: random.int(40, 160) * 10_000,
          currency: 'IDR',
          period: { start: new Date(day).toISOString(), end: new Date(day + DAY).toISOString() },
          timestamp: new Date(at).toISOString(),
        },
        { actor: { type: 'integration', id: `${ad.platform}-ads-sync` }, trigger: 'integration' },
      )
    }
  }
}
