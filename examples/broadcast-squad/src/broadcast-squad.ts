/**
 * The Broadcast squad's sender reports what happened to one campaign: a message per recipient
 * (sent or bounced), then the replies, clicks and opt-in/out that came back. Delivery is the
 * SDK's job: batching, gzip, retries with backoff on 429/5xx/network errors, the same event_id on
 * every attempt, and a drain on SIGTERM.
 *
 *   CEBE_WRITE_KEY=… npm start -w @cebe/example-broadcast-squad
 */
import { createClient } from '@cebe/sdk'

const {
  CEBE_ENDPOINT = 'http://127.0.0.1:4747',
  CEBE_WRITE_KEY,
  CEBE_COMPANY_ID = 'company_acme',
} = process.env
if (!CEBE_WRITE_KEY)
  throw new Error(
    'set CEBE_WRITE_KEY: the demo write key `npm start` prints, or npx cebe keys create --company company_acme --type write --json (from the repository root)',
  )

const cebe = createClient({
  endpoint: CEBE_ENDPOINT,
  writeKey: CEBE_WRITE_KEY,
  companyId: CEBE_COMPANY_ID,
  companySsoId: `sso_${CEBE_COMPANY_ID}`,
  sourceModule: 'campaign',
  triggerFrom: 'automation',
  validation: 'report', // production: never crash a send loop over analytics; report instead
  maxRetryTimeMs: 60_000, // keep retrying a flaky endpoint for up to a minute per batch
  onError: (error) => console.error(`cebe: ${error.code}: ${error.message}`),
})
cebe.events.on('retried', ({ attempt, delayMs, status }) =>
  console.error(`cebe: retry ${attempt} in ${delayMs} ms (status ${status ?? 'network'})`),
)
process.once('SIGTERM', () => void cebe.shutdown())

const campaign = { campaign_id: 'cmp_2026_11_promo', template_id: 'tpl_black_friday', channel: 'whatsapp' }
const system = { type: 'system' } as const
const recipients = Array.from({ length: 200 }, (_, i) => `cust_bc_${String(i).padStart(4, '0')}`)

for (const [i, customer] of recipients.entries()) {
  if (i % 50 === 49) {
    await cebe.track('campaign.bounced', {
      qontak_customer_id: customer,
      actor: system,
      attributes: { ...campaign, bounce_reason: 'recipient_not_on_whatsapp' },
    })
    continue
  }
  await cebe.track('campaign.sent', {
    qontak_customer_id: customer,
    actor: system,
    attributes: { ...campaign, campaign_cost: 350, customer_attributes: { first_name: `Customer ${i}` } },
  })
}

const customer = { type: 'customer' } as const
await cebe.track('campaign.replied', {
  qontak_customer_id: recipients[0]!,
  actor: customer,
  trigger_from: 'user',
  attributes: { ...campaign, reply_content_preview: 'Is the promo still on tomorrow?' },
})
await cebe.track('campaign.clicked', {
  qontak_customer_id: recipients[1]!,
  actor: customer,
  trigger_from: 'user',
  attributes: { ...campaign, cta_type: 'url', destination_url: 'https://shop.example.com/black-friday' },
})
await cebe.track('campaign.opted_in', {
  qontak_customer_id: recipients[2]!,
  actor: customer,
  trigger_from: 'user',
  attributes: { campaign_id: campaign.campaign_id, opt_in_channel: 'whatsapp' },
})
await cebe.track('campaign.opted_out', {
  qontak_customer_id: recipients[3]!,
  actor: customer,
  trigger_from: 'user',
  attributes: { campaign_id: campaign.campaign_id, opt_out_channel: 'whatsapp' },
})

const report = await cebe.shutdown({ timeoutMs: 10_000 })
console.log(JSON.stringify({ example: 'broadcast-squad', ...report, stats: cebe.stats }))
process.exitCode = report.pending + report.rejected + report.dropped === 0 ? 0 : 1
