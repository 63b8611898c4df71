import { openStore } from '@cebe/registry-server'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
import { PostgresStore } from '../../packages/registry-server/src/storage/postgres/postgres-store.js'
import { SqliteStore } from '../../packages/registry-server/src/storage/sqlite/sqlite-store.js'
const kind = process.argv[2] ?? 'sqlite'
const store = kind === 'sqlite' ? new SqliteStore({ path: 'bench/.data/query.db' }) : new PostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: 'cebe_bench_query' })
const read = store.readSide
for (let round = 0; round < 3; round++) {
  const samples: number[] = []
  for (let i = 0; i < 40; i++) {
    const t = performance.now()
    await customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: `cust_${((i * 7919) % 50000) + 1}`, toTs: 1796169600000 })
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  console.log(kind, 'p50', samples[20]!.toFixed(1), 'max', samples.at(-1)!.toFixed(1))
}
await store.close()
