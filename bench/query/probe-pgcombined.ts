import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { postgresReadSide } from '../../packages/registry-server/src/storage/postgres/postgres-read-side.js'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dcebe_bench_query', max: 2 })
let captured: { text: string; values: unknown[] } | undefined
const client = await pool.connect()
const origQuery = client.query.bind(client)
;(client as any).query = (config: any, values?: any) => { if (typeof config === 'object' && config.text) captured = { text: config.text, values: config.values }; else if (typeof config === 'string') captured = { text: config, values }; return origQuery(config, values) }
client.release()
const read = postgresReadSide(new Kysely({ dialect: new PostgresDialect({ pool }) }) as never)
await customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: 'cust_7920', toTs: 1796169600000 })
const c = await pool.connect()
for (let i = 0; i < 4; i++) {
  const r = await c.query(`EXPLAIN (ANALYZE, SUMMARY) ${captured!.text}`, captured!.values)
  console.log(r.rows.filter((x: any) => /Planning Time|Execution Time/.test(x['QUERY PLAN'])).map((x: any) => x['QUERY PLAN']).join(' | '), captured!.text.length)
}
c.release(); await pool.end()
