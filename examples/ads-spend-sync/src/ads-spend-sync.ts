/**
 * A periodic job (cron, Kubernetes CronJob) that reads one day of an ad platform's export and
 * pushes it into CEBE: ad.spend_recorded per ad, ad.lead_captured per lead, ad.converted per
 * conversion. Every event_id is derived from the export's own ids, so re-running the job for the
 * same day — after a crash, or on purpose — stores nothing twice: CEBE answers `duplicate`.
 *
 *   CEBE_WRITE_KEY=… npm start -w @cebe/example-ads-spend-sync
 */
import { readFile } from 'node:fs/promises'
import { createClient } from '@cebe/sdk'

interface AdsExport {
  platform: 'meta' | 'google' | 'tiktok'
  currency: string
  day: { start: string; end: string }
  spend: { ad_id: string; campaign_id: string; spend: number }[]
  leads: {
    lead_id: string
    ad_id: string
    campaign_id: string
    at: string
    phone?: string
    email?: string
    room_id?: string
    lead_form_id?: string
  }[]
  conversions: {
    conversion_id: string
    ad_id: string
    campaign_id: string
    customer_id: string
    type: 'purchase' | 'deal' | 'booking'
    value: number
    at: string
  }[]
}

const file = process.argv[2]
if (!file) throw new Error('usage: ads-spend-sync <export.json>')
const {
  CEBE_ENDPOINT = 'http://127.0.0.1:4747',
  CEBE_WRITE_KEY,
  CEBE_COMPANY_ID = 'company_acme',
} = process.env
if (!CEBE_WRITE_KEY)
  throw new Error(
    'set CEBE_WRITE_KEY: the demo write key `npm start` prints, or npx cebe keys create --company company_acme --type write --json (from the repository root)',
  )

const data = JSON.parse(await readFile(file, 'utf8')) as AdsExport
const cebe = createClient({
  endpoint: CEBE_ENDPOINT,
  writeKey: CEBE_WRITE_KEY,
  companyId: CEBE_COMPANY_ID,
  companySsoId: `sso_${CEBE_COMPANY_ID}`,
  sourceModule: 'campaign',
  triggerFrom: 'import',
  validation: 'throw', // an export we cannot map is a bug: stop before sending half of it
})
const integration = { type: 'integration', id: `${data.platform}-ads-sync` } as const
const day = data.day.start.slice(0, 10)

for (const row of data.spend) {
  await cebe.track('ad.spend_recorded', {
    event_id: `ads.spend:${data.platform}:${row.ad_id}:${day}`, // one spend record per ad per day
    actor: integration,
    event_timestamp: data.day.end,
    attributes: {
      ad_id: row.ad_id,
      campaign_id: row.campaign_id,
      ad_platform: data.platform,
      ad_spend: row.spend,
      currency: data.currency,
      period: data.day,
    },
  })
}

for (const lead of data.leads) {
  await cebe.track('ad.lead_captured', {
    event_id: `ads.lead:${data.platform}:${lead.lead_id}`,
    actor: integration,
    event_timestamp: lead.at,
    // No qontak_customer_id yet: CEBE resolves the lead through its phone or email.
    attributes: {
      ad_id: lead.ad_id,
      campaign_id: lead.campaign_id,
      ad_platform: data.platform,
      ...(lead.phone && { phone: lead.phone }),
      ...(lead.email && { email: lead.email }),
      ...(lead.room_id && { room_id: lead.room_id }),
      ...(lead.lead_form_id && { lead_form_id: lead.lead_form_id }),
    },
  })
}

for (const conversion of data.conversions) {
  await cebe.track('ad.converted', {
    event_id: `ads.conv:${data.platform}:${conversion.conversion_id}`,
    qontak_customer_id: conversion.customer_id,
    actor: integration,
    event_timestamp: conversion.at,
    attributes: {
      ad_id: conversion.ad_id,
      campaign_id: conversion.campaign_id,
      ad_platform: data.platform,
      conversion_type: conversion.type,
      conversion_value: conversion.value,
      attribution_window: '7d_click_1d_view',
    },
  })
}

const report = await cebe.shutdown({ timeoutMs: 30_000 })
const { sent, duplicates } = cebe.stats
console.log(
  JSON.stringify({ example: 'ads-spend-sync', day, ...report, stored: sent - duplicates, duplicates }),
)
process.exitCode = report.pending + report.rejected + report.dropped === 0 ? 0 : 1
