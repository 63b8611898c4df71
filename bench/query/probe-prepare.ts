import BetterSqlite3 from 'better-sqlite3'
import { readFileSync } from 'node:fs'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
const text = readFileSync('/tmp/cohort.sql', 'utf8').replace(/;\s*$/, '')
for (let round = 0; round < 3; round++) {
  let t = performance.now()
  for (let i = 0; i < 50; i++) db.prepare(text)
  const prep = (performance.now() - t) / 50
  const st = db.prepare(text)
  t = performance.now()
  for (let i = 0; i < 50; i++) st.all()
  console.log('prepare', prep.toFixed(3), 'run', ((performance.now() - t) / 50).toFixed(3))
}
import { sql } from 'kysely'
import { metricsForScope } from '@cebe/schemas'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { DEFAULT_METRIC_OPTIONS } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const read = sqliteReadSide(db)
const sources = [...new Set(metricsForScope('customer').map((d) => implementationOf(d.id, 'customer')!.source))]
for (let round = 0; round < 15; round++) {
  const t = performance.now()
  let chars = 0
  for (const s of sources) {
    const q = new MetricQuery(read, { companyId: 'company_acme', customerId: 'cust_7920', toTs: 1796169600000, grouping: 'customer' })
    chars += sql`SELECT * FROM (${s.query(q, DEFAULT_METRIC_OPTIONS)}) p`.compile(read.db).sql.length
  }
  console.log('compile all sources', (performance.now() - t).toFixed(2), 'ms', chars, 'chars')
}
