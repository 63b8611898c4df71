/**
 * The CDP service pushes customer-data changes into CEBE: a new customer, an attribute change,
 * and segment membership. CDP events are the identity source: the phone and email on
 * customer.created let CEBE link later events that arrive without a qontak_customer_id.
 *
 *   CEBE_WRITE_KEY=… npm start -w @cebe/example-cdp-service
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
  sourceModule: 'cdp',
  validation: 'throw', // a bad payload is a bug in this service: fail loudly
})
process.once('SIGTERM', () => void cebe.shutdown())

const customerId = `cust_${process.pid}`
const agent = { type: 'agent', id: 'agent_17' } as const

await cebe.track('customer.created', {
  qontak_customer_id: customerId,
  actor: agent,
  trigger_from: 'agent',
  attributes: {
    phone: '+6281234567890',
    email: 'sari.wijaya@example.com',
    default_fields: [
      { name: 'full_name', value: 'Sari Wijaya' },
      { name: 'city', value: 'Bandung' },
    ],
    custom_fields: [{ name: 'preferred_store', value: 'BDG-01' }],
  },
})

await cebe.track('customer.updated', {
  qontak_customer_id: customerId,
  actor: agent,
  trigger_from: 'agent',
  attributes: { change_fields: [{ name: 'city', old_value: 'Bandung', new_value: 'Jakarta' }] },
})

await cebe.track('segment.entered', {
  qontak_customer_id: customerId,
  actor: { type: 'system' },
  trigger_from: 'automation',
  attributes: { segment_id: 'seg_high_value', segment_name: 'High value' },
})

await cebe.track('segment.exited', {
  qontak_customer_id: customerId,
  actor: { type: 'system' },
  trigger_from: 'automation',
  attributes: { segment_id: 'seg_new', segment_name: 'New customers' },
})

const report = await cebe.shutdown()
console.log(JSON.stringify({ example: 'cdp-service', customer: customerId, ...report, stats: cebe.stats }))
process.exitCode = report.pending + report.rejected + report.dropped === 0 ? 0 : 1
