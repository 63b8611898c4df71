import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { metricsForScope } from '@cebe/schemas'
import { postgresReadSide } from '../../packages/registry-server/src/storage/postgres/postgres-read-side.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { DEFAULT_METRIC_OPTIONS } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dcebe_bench_query', max: 2 })
const read = postgresReadSide(new Kysely({ dialect: new PostgresDialect({ pool }) }) as never)
const name = process.argv[2]!
const src = metricsForScope('customer').map((d) => implementationOf(d.id, 'customer')!.source).find((s) => s.name === name)!
const q = new MetricQuery(read, { companyId: 'company_acme', customerId: 'cust_7920', toTs: 1796169600000, grouping: 'customer' })
const c = sql`SELECT * FROM (${src.query(q, DEFAULT_METRIC_OPTIONS)}) p`.compile(read.db)
for (let i = 0; i < 3; i++) {
  const r = await pool.query(`EXPLAIN (ANALYZE, SUMMARY) ${c.sql}`, c.parameters as unknown[])
  console.log(r.rows.filter((x: any) => /Planning|Execution/.test(x['QUERY PLAN'])).map((x: any) => x['QUERY PLAN']).join(' | '))
}
if (process.argv[3]) { const r = await pool.query(`EXPLAIN (ANALYZE) ${c.sql}`, c.parameters as unknown[]); console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n')) }
await pool.end()
