/**
 * One SDK in its own process (so its RSS is its own): `node bench/sdk/producer.mjs <sdk> <n>
 * <sinkUrl>`. Plain JavaScript on plain `node`, loading each SDK's published build (CEBE's
 * from packages/sdk/dist), so no TypeScript loader is part of any RSS figure. Tracks n copies of one realistic event (the catalog's
 * `campaign.replied` example) at the SDK's defaults, then flushes/closes. Reports over IPC:
 * when tracking started and ended, and peak RSS.
 */

const [sdk, nText, sink] = process.argv.slice(2)
const n = Number(nText)
/** The catalog's `campaign.replied` example, inlined so no producer pays for building the catalog. */
const example = {
  event_id: 'example-campaign.replied-1-0-0',
  event_name: 'campaign.replied',
  company_id: 'company_acme',
  company_sso_id: 'sso_acme',
  qontak_customer_id: 'cust_0001',
  actor: { type: 'customer' },
  event_timestamp: '2026-11-27T03:15:00Z',
  source_module: 'campaign',
  trigger_from: 'user',
  event_attributes: {
    campaign_id: 'cmp_2026_11_promo',
    template_id: 'tpl_black_friday',
    channel: 'whatsapp',
    campaign_cost: 350,
    sent_at: '2026-11-27T02:00:00Z',
    timestamp: '2026-11-27T02:04:10Z',
    reply_content_preview: 'Is the promo still on tomorrow?',
  },
}
const attributes = example.event_attributes

let peak = process.memoryUsage().rss
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 5)
/** @param {object} message */
const send = (message) => process.send(message)

async function run() {
  switch (sdk) {
    case 'cebe': {
      // CEBE_SDK: another build of the SDK (a file path), to compare two versions on the same machine.
      const { createClient } = await import(process.env.CEBE_SDK ?? '@cebe/sdk')
      const cebe = createClient({
        endpoint: sink,
        writeKey: 'bench',
        companyId: 'company_acme',
        companySsoId: 'sso_acme',
        sourceModule: 'campaign',
        validation: 'report',
        onError: (e) => console.error(e.code, e.message),
      })
      const t0 = Date.now()
      send({ type: 'start', at: t0 })
      for (let i = 0; i < n; i++) {
        cebe.track('campaign.replied', {
          qontak_customer_id: `cust_${i % 1000}`,
          actor: { type: 'customer' },
          attributes,
          trigger_from: 'user',
        })
      }
      send({ type: 'tracked', at: Date.now() })
      await cebe.shutdown({ timeoutMs: 120_000 })
      return
    }
    case 'hand': {
      const { Pool } = await import('undici')
      const pool = new Pool(sink, { connections: 4 })
      const t0 = Date.now()
      send({ type: 'start', at: t0 })
      const events = []
      for (let i = 0; i < n; i++) {
        events.push({ ...example, event_id: `hand-${i}`, qontak_customer_id: `cust_${i % 1000}` })
      }
      send({ type: 'tracked', at: Date.now() })
      for (let i = 0; i < n; i += 500) {
        const res = await pool.request({
          path: '/v1/events',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events: events.slice(i, i + 500) }),
        })
        await res.body.dump()
      }
      await pool.close()
      return
    }
    case 'segment': {
      const { Analytics } = await import('@segment/analytics-node')
      const analytics = new Analytics({ writeKey: 'bench', host: sink })
      send({ type: 'start', at: Date.now() })
      for (let i = 0; i < n; i++) {
        analytics.track({
          userId: `cust_${i % 1000}`,
          event: 'campaign.replied',
          properties: { ...attributes, seq: i },
        })
      }
      send({ type: 'tracked', at: Date.now() })
      await analytics.closeAndFlush({ timeout: 120_000 })
      return
    }
    case 'posthog': {
      const { PostHog } = await import('posthog-node')
      const posthog = new PostHog('bench', { host: sink })
      send({ type: 'start', at: Date.now() })
      for (let i = 0; i < n; i++) {
        posthog.capture({
          distinctId: `cust_${i % 1000}`,
          event: 'campaign.replied',
          properties: { ...attributes, seq: i },
        })
      }
      send({ type: 'tracked', at: Date.now() })
      await posthog.shutdown(120_000)
      return
    }
    case 'mixpanel': {
      const Mixpanel = (await import('mixpanel')).default
      const url = new URL(sink)
      // import_batch insists on HTTPS with an API secret; track_batch runs the same batching code on /track.
      const mixpanel = Mixpanel.init('bench', {
        host: url.hostname,
        port: Number(url.port),
        protocol: 'http',
      })
      send({ type: 'start', at: Date.now() })
      const events = []
      for (let i = 0; i < n; i++) {
        events.push({
          event: 'campaign.replied',
          properties: { ...attributes, distinct_id: `cust_${i % 1000}`, time: Date.now(), seq: i },
        })
      }
      send({ type: 'tracked', at: Date.now() })
      await new Promise((resolve) => mixpanel.track_batch(events, () => resolve()))
      return
    }
    case 'rudderstack': {
      const Analytics = (await import('@rudderstack/rudder-sdk-node')).default
      const client = new Analytics('bench', { dataPlaneUrl: sink })
      send({ type: 'start', at: Date.now() })
      for (let i = 0; i < n; i++) {
        client.track({
          userId: `cust_${i % 1000}`,
          event: 'campaign.replied',
          properties: { ...attributes, seq: i },
        })
      }
      send({ type: 'tracked', at: Date.now() })
      await client.flush()
      return
    }
    default:
      throw new Error(`unknown sdk ${sdk}`)
  }
}

await run()
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
send({ type: 'done', at: Date.now(), peakRss: peak })
process.disconnect()
