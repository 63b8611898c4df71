import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { metricsForScope } from '@cebe/schemas'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { postgresReadSide } from '../../packages/registry-server/src/storage/postgres/postgres-read-side.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { partialRef } from '../../packages/registry-server/src/retrieval/metrics/metric-implementation.js'
import { DEFAULT_METRIC_OPTIONS, customerMetrics } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
import { healthExplanation } from '../../packages/registry-server/src/retrieval/metrics/health-explanation.js'

const kind = process.argv[2] ?? 'sqlite'
const read = kind === 'sqlite'
  ? sqliteReadSide(new BetterSqlite3('bench/.data/query.db', { readonly: true }))
  : postgresReadSide(new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dcebe_bench_query', max: 8 }) }) }) as never)
const end = Number(process.argv[3] ?? 1796169600000)
const customers = Array.from({ length: 20 }, (_, i) => `cust_${((i * 7919) % 50000) + 1}`)
const scope = (c: string) => ({ companyId: 'company_acme', customerId: c, toTs: end, grouping: 'customer' as const })
const bySource = new Map<string, { src: any; ms: number }>()
for (const d of metricsForScope('customer')) {
  const impl = implementationOf(d.id, 'customer')!
  bySource.set(impl.source.name, { src: impl.source, ms: 0 })
}
for (const c of customers) {
  for (const [name, e] of bySource) {
    const q = new MetricQuery(read, scope(c))
    const t = performance.now()
    await sql`SELECT * FROM (${e.src.query(q, DEFAULT_METRIC_OPTIONS)}) p`.execute(read.db)
    e.ms += performance.now() - t
  }
}
const rows = [...bySource].map(([n, e]) => [n, +(e.ms / customers.length).toFixed(2)] as const).sort((a, b) => b[1] - a[1])
console.log(rows, 'sum', rows.reduce((s, r) => s + r[1], 0).toFixed(1))
for (const label of ['customerMetrics', 'health']) {
  const t = performance.now()
  for (const c of customers) {
    if (label === 'health') await healthExplanation(read, scope(c), DEFAULT_METRIC_OPTIONS)
    else await customerMetrics(read, scope(c))
  }
  console.log(label, ((performance.now() - t) / customers.length).toFixed(1), 'ms')
}
process.exit(0)
