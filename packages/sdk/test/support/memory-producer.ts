/**
 * Child process for the memory test: the endpoint is down for the whole run while 1,000,000
 * events are tracked. Prints one JSON line: RSS before and at peak, drops counted and reported.
 */
import { createClient } from '../../src/index.js'
import { customerActor, repliedAttributes } from './target.js'

const total = Number(process.env.CEBE_EVENTS ?? 1_000_000)
let reportedDrops = 0
const cebe = createClient({
  endpoint: process.env.CEBE_ENDPOINT!,
  writeKey: 'down',
  companyId: 'company_acme',
  companySsoId: 'sso_acme',
  sourceModule: 'campaign',
  validation: 'report',
  maxQueueEvents: 20_000,
  maxQueueBytes: 16 * 1024 * 1024,
  retryBaseMs: 50,
  retryMaxDelayMs: 500,
  onError: (error) => {
    reportedDrops += error.count
    if (process.env.DEBUG_CODES) console.error(error.code, error.count)
  },
})

globalThis.gc?.()
const baseline = process.memoryUsage().rss
let peak = baseline
for (let i = 0; i < total; i++) {
  cebe.track('campaign.replied', {
    qontak_customer_id: `cust_${i % 1000}`,
    actor: customerActor,
    attributes: repliedAttributes,
    trigger_from: 'user',
  })
  if (i % 5000 === 0) {
    peak = Math.max(peak, process.memoryUsage().rss)
    await new Promise((resolve) => setImmediate(resolve))
  }
}
peak = Math.max(peak, process.memoryUsage().rss)
const during = cebe.stats
const report = await cebe.shutdown({ timeoutMs: 0 })
console.log(
  JSON.stringify({ total, baseline, peak, during, after: cebe.stats, reportedDrops, unsent: report.pending }),
)
