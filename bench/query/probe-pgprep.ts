import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { postgresReadSide } from '../../packages/registry-server/src/storage/postgres/postgres-read-side.js'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const url = 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dcebe_bench_query'
const pool = new pg.Pool({ connectionString: url, max: 1 })
const named = process.argv[2] === 'named'
const wrapped = {
  async connect() {
    const client = await pool.connect()
    return new Proxy(client, { get(t, p) {
      if (p === 'query') return (text: any, values: any) => typeof text === 'string' && named && text.length > 2000 ? t.query({ name: 'm' + text.length, text, values }) : t.query(text, values)
      const v = (t as any)[p]; return typeof v === 'function' ? v.bind(t) : v } })
  },
  end: () => pool.end(),
}
const read = postgresReadSide(new Kysely({ dialect: new PostgresDialect({ pool: wrapped as never }) }) as never)
for (let round = 0; round < 3; round++) {
  const s: number[] = []
  for (let i = 0; i < 30; i++) { const t = performance.now(); await customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: `cust_${((i * 7919) % 50000) + 1}`, toTs: 1796169600000 }); s.push(performance.now() - t) }
  s.sort((a, b) => a - b); console.log(named ? 'named' : 'plain', 'p50', s[15]!.toFixed(1), 'max', s.at(-1)!.toFixed(1))
}
await pool.end()
