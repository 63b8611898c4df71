import { metricsForScope } from '@cebe/schemas'
import { sql } from 'kysely'
import { PostgresStore } from '../../packages/registry-server/src/storage/postgres/postgres-store.js'
import { SqliteStore } from '../../packages/registry-server/src/storage/sqlite/sqlite-store.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { DEFAULT_METRIC_OPTIONS } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const kind = process.argv[2] ?? 'sqlite'
const store = kind === 'sqlite' ? new SqliteStore({ path: 'bench/.data/query.db' }) : new PostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: 'cebe_bench_query' })
const read = store.readSide
const end = 1796169600000
const scope = { companyId: 'company_acme', fromTs: end - 182 * 86400000, toTs: end, grouping: 'company' as const }
const sources = [...new Set(metricsForScope('company').map((d) => implementationOf(d.id, 'company')!.source))]
const only = process.argv[3]
for (const s of sources) {
  if (only && s.name !== only) continue
  const t = performance.now()
  await sql`SELECT * FROM (${s.query(new MetricQuery(read, scope), DEFAULT_METRIC_OPTIONS)}) p`.execute(read.db)
  console.log(s.name, (performance.now() - t).toFixed(0), 'ms')
}
await store.close()
