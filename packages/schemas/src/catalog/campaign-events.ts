/** Campaign module (PRD §6.4): Broadcast (6 events) and Ads (5 events). */
import { z } from 'zod'
import {
  email,
  entityId,
  extensionMap,
  freeText,
  httpUrl,
  label,
  money,
  personal,
  phone,
  timestamp,
} from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const campaignId = entityId('Broadcast or Ads campaign id (one key space across both)')
const templateId = entityId('Message template id')
const channel = label('Channel the message went out on, e.g. whatsapp, email, sms')
const adId = entityId('Ad id on the ad platform')
const adPlatform = z.enum(['meta', 'google', 'tiktok']).meta({ description: 'Ad platform' })

// ── 4a. Broadcast ────────────────────────────────────────────────────────────

export const campaignSent = defineEvent({
  name: 'campaign.sent',
  module: 'campaign',
  description: 'A broadcast message was delivered to the customer.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  attributes: z.strictObject({
    campaign_id: campaignId,
    template_id: templateId,
    channel,
    campaign_cost: money('Cost of this message in the company currency').optional(),
    customer_attributes: extensionMap(
      "The PRD's {customer_attributes_related}: customer attributes the message was personalised with",
    ).optional(),
    timestamp: timestamp('Delivery time reported by the channel').optional(),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    channel: 'whatsapp',
    campaign_cost: 350,
    customer_attributes: { first_name: 'Sari', city: 'Bandung' },
    timestamp: '2026-11-27T02:00:00Z',
  },
})

export const campaignReplied = defineEvent({
  name: 'campaign.replied',
  module: 'campaign',
  description: 'The customer replied to a broadcast.',
  version: '1-0-0',
  attributes: z.strictObject({
    campaign_id: campaignId,
    template_id: templateId,
    channel,
    campaign_cost: money('Cost of the broadcast message that was replied to').optional(),
    sent_at: timestamp('When the broadcast replied to was sent').optional(),
    timestamp: timestamp('Reply time reported by the channel').optional(),
    reply_content_preview: freeText('First characters of the reply', 280).optional(),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    channel: 'whatsapp',
    campaign_cost: 350,
    sent_at: '2026-11-27T02:00:00Z',
    timestamp: '2026-11-27T02:04:10Z',
    reply_content_preview: 'Is the promo still on tomorrow?',
  },
})

export const campaignClicked = defineEvent({
  name: 'campaign.clicked',
  module: 'campaign',
  description: 'The customer clicked a call-to-action in a broadcast.',
  version: '1-0-0',
  attributes: z.strictObject({
    campaign_id: campaignId,
    template_id: templateId,
    channel,
    cta_type: label('Kind of call-to-action, e.g. url, quick_reply, call'),
    destination_url: personal(httpUrl('Where the CTA led'), 'url').optional(),
    timestamp: timestamp('Click time reported by the channel').optional(),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    channel: 'whatsapp',
    cta_type: 'url',
    destination_url: 'https://shop.example.com/black-friday',
    timestamp: '2026-11-27T02:05:00Z',
  },
})

export const campaignBounced = defineEvent({
  name: 'campaign.bounced',
  module: 'campaign',
  description: 'A broadcast message was not delivered.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  attributes: z.strictObject({
    campaign_id: campaignId,
    template_id: templateId,
    channel,
    bounce_reason: personal(label('Why delivery failed, as reported by the channel'), 'free_text'),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    channel: 'whatsapp',
    bounce_reason: 'recipient_not_on_whatsapp',
  },
})

export const campaignOptedIn = defineEvent({
  name: 'campaign.opted_in',
  module: 'campaign',
  description: 'The customer opted in to marketing messages.',
  version: '1-0-0',
  notes: [
    '`campaign_id` and `template_id` are optional: a customer can opt in outside any campaign (a form, a keyword).',
  ],
  attributes: z.strictObject({
    campaign_id: campaignId.optional(),
    template_id: templateId.optional(),
    opt_in_channel: label('Channel the opt-in applies to'),
    timestamp: timestamp('Opt-in time at the source').optional(),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    opt_in_channel: 'whatsapp',
    timestamp: '2026-11-27T02:06:00Z',
  },
})

export const campaignOptedOut = defineEvent({
  name: 'campaign.opted_out',
  module: 'campaign',
  description: 'The customer opted out of marketing messages.',
  version: '1-0-0',
  notes: [
    '`campaign_id` and `template_id` are optional: a customer can opt out outside any campaign (e.g. "STOP").',
  ],
  attributes: z.strictObject({
    campaign_id: campaignId.optional(),
    template_id: templateId.optional(),
    opt_out_channel: label('Channel the opt-out applies to'),
    timestamp: timestamp('Opt-out time at the source').optional(),
  }),
  example: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    opt_out_channel: 'whatsapp',
    timestamp: '2026-11-27T02:07:00Z',
  },
})

// ── 4b. Ads ──────────────────────────────────────────────────────────────────

export const adImpression = defineEvent({
  name: 'ad.impression',
  module: 'campaign',
  description: 'An ad was shown to a known or resolvable customer.',
  version: '1-0-0',
  exampleActor: { type: 'integration', id: 'meta-ads-sync' },
  exampleTriggerFrom: 'import',
  attributes: z.strictObject({
    ad_id: adId,
    campaign_id: campaignId,
    ad_platform: adPlatform,
    ad_set_id: entityId('Ad set (ad group) id').optional(),
    creative_id: entityId('Creative id').optional(),
    ad_spend: money('Spend attributed to this impression (not added to ads.spend)').optional(),
    timestamp: timestamp('Impression time reported by the platform').optional(),
  }),
  example: {
    ad_id: 'ad_771',
    campaign_id: 'cmp_ads_q4',
    ad_platform: 'meta',
    ad_set_id: 'adset_12',
    creative_id: 'cr_9',
    ad_spend: 12.5,
    timestamp: '2026-11-27T01:00:00Z',
  },
})

export const adClicked = defineEvent({
  name: 'ad.clicked',
  module: 'campaign',
  description: 'The customer clicked an ad.',
  version: '1-0-0',
  attributes: z.strictObject({
    ad_id: adId,
    campaign_id: campaignId,
    ad_platform: adPlatform,
    creative_id: entityId('Creative id').optional(),
    destination_url: personal(httpUrl('Where the ad led'), 'url').optional(),
    cost_per_click: money('Cost of this click').optional(),
    timestamp: timestamp('Click time reported by the platform').optional(),
  }),
  example: {
    ad_id: 'ad_771',
    campaign_id: 'cmp_ads_q4',
    ad_platform: 'meta',
    creative_id: 'cr_9',
    destination_url: 'https://wa.me/6281100000000',
    cost_per_click: 1200,
    timestamp: '2026-11-27T01:00:05Z',
  },
})

export const adLeadCaptured = defineEvent({
  name: 'ad.lead_captured',
  module: 'campaign',
  description: 'A lead form or click-to-WhatsApp conversation was generated from an ad.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [
    'Added optional `phone` and `email`: a new lead often has no `qontak_customer_id` yet; the resolver links it through them.',
  ],
  attributes: z.strictObject({
    ad_id: adId,
    campaign_id: campaignId,
    ad_platform: adPlatform,
    lead_form_id: entityId('Lead form id').optional(),
    room_id: entityId('Conversation room id of a click-to-WhatsApp lead').optional(),
    phone: phone('Lead phone number from the form or conversation').optional(),
    email: email('Lead email from the form').optional(),
    timestamp: timestamp('Capture time reported by the platform').optional(),
  }),
  example: {
    ad_id: 'ad_771',
    campaign_id: 'cmp_ads_q4',
    ad_platform: 'meta',
    room_id: 'room_5521',
    phone: '+6281234567890',
    timestamp: '2026-11-27T01:01:00Z',
  },
})

export const adConverted = defineEvent({
  name: 'ad.converted',
  module: 'campaign',
  description: 'An ad-attributed conversion happened (purchase, deal or booking).',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  attributes: z.strictObject({
    ad_id: adId,
    campaign_id: campaignId,
    ad_platform: adPlatform,
    conversion_type: z.enum(['purchase', 'deal', 'booking']).meta({ description: 'What converted' }),
    conversion_value: money('Value of the conversion in the company currency'),
    attribution_window: label('Attribution window used by the platform, e.g. 7d_click_1d_view').optional(),
    timestamp: timestamp('Conversion time').optional(),
  }),
  example: {
    ad_id: 'ad_771',
    campaign_id: 'cmp_ads_q4',
    ad_platform: 'meta',
    conversion_type: 'purchase',
    conversion_value: 450000,
    attribution_window: '7d_click_1d_view',
    timestamp: '2026-11-27T03:00:00Z',
  },
})

export const adSpendRecorded = defineEvent({
  name: 'ad.spend_recorded',
  module: 'campaign',
  description: 'Daily or periodic ad spend was synced from the ad platform.',
  version: '1-0-0',
  customer: 'company-scoped',
  exampleActor: { type: 'integration', id: 'meta-ads-sync' },
  exampleTriggerFrom: 'import',
  notes: [
    'Company-scoped: carries no `qontak_customer_id`.',
    '`period` is an explicit `{start, end}` range.',
  ],
  attributes: z.strictObject({
    ad_id: adId,
    campaign_id: campaignId,
    ad_platform: adPlatform,
    ad_spend: money('Spend over the period'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .meta({ description: 'ISO 4217 currency code of ad_spend' }),
    period: z
      .strictObject({
        start: timestamp('Start of the spend period (inclusive)'),
        end: timestamp('End of the spend period (exclusive)'),
      })
      .meta({ description: 'The period the spend covers' }),
    timestamp: timestamp('When the platform reported the spend').optional(),
  }),
  example: {
    ad_id: 'ad_771',
    campaign_id: 'cmp_ads_q4',
    ad_platform: 'meta',
    ad_spend: 1500000,
    currency: 'IDR',
    period: { start: '2026-11-26T00:00:00+07:00', end: '2026-11-27T00:00:00+07:00' },
    timestamp: '2026-11-27T01:30:00Z',
  },
})

export const campaignEvents = [
  campaignSent,
  campaignReplied,
  campaignClicked,
  campaignBounced,
  campaignOptedIn,
  campaignOptedOut,
  adImpression,
  adClicked,
  adLeadCaptured,
  adConverted,
  adSpendRecorded,
] as const
