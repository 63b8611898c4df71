/**
 * Child process for the SIGKILL test: tracks events forever with a spool and writes each id to
 * CEBE_IDS_FILE (synchronously, a regular file: a pipe could refuse a sync write) once `track`
 * has returned. The parent kills it with SIGKILL.
 */
import { openSync, writeSync } from 'node:fs'
import { createClient } from '../../src/index.js'
import { customerActor, repliedAttributes } from './target.js'

const ids = openSync(process.env.CEBE_IDS_FILE!, 'a')
const cebe = createClient({
  endpoint: process.env.CEBE_ENDPOINT!,
  writeKey: process.env.CEBE_WRITE_KEY!,
  companyId: 'company_acme',
  companySsoId: 'sso_acme',
  sourceModule: 'campaign',
  validation: 'throw',
  flushIntervalMs: 20,
  retryBaseMs: 10,
  retryMaxDelayMs: 200,
  requestTimeoutMs: 300,
  maxBatchEvents: 200,
  spool: {
    dir: process.env.CEBE_SPOOL_DIR!,
    fsync: process.env.CEBE_FSYNC as 'always' | 'interval' | 'never',
  },
  onError: (error) => console.error(`${error.code}: ${error.message}`),
})

for (let i = 0; ; i++) {
  const { eventId, status } = await cebe.track('campaign.replied', {
    qontak_customer_id: `cust_${i % 100}`,
    actor: customerActor,
    attributes: repliedAttributes,
    trigger_from: 'user',
  })
  if (status === 'queued') writeSync(ids, `${eventId}\n`)
  if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
}
