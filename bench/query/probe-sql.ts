import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { metricsForScope } from '@cebe/schemas'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { DEFAULT_METRIC_OPTIONS } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
const read = sqliteReadSide(db)
const name = process.argv[2]!
const src = metricsForScope('customer').map((d) => implementationOf(d.id, 'customer')!.source).find((s) => s.name === name)!
const q = new MetricQuery(read, { companyId: 'company_acme', customerId: 'cust_7920', toTs: 1796169600000, grouping: 'customer' })
const c = sql`SELECT * FROM (${src.query(q, DEFAULT_METRIC_OPTIONS)}) p`.compile(read.db)
let text = c.sql
c.parameters.forEach((p, i) => {})
let i = 0
text = text.replace(/\?/g, () => { const p = c.parameters[i++]; return typeof p === 'string' ? `'${p}'` : String(p) })
console.log(text + ';')
