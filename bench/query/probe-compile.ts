import BetterSqlite3 from 'better-sqlite3'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
import { DefaultQueryCompiler } from 'kysely'
let inCompile = 0
const orig = DefaultQueryCompiler.prototype.compileQuery
DefaultQueryCompiler.prototype.compileQuery = function (...a: any[]) { const t = performance.now(); const r = (orig as any).apply(this, a); inCompile += performance.now() - t; return r }
const read = sqliteReadSide(new BetterSqlite3('bench/.data/query.db', { readonly: true }))
for (let round = 0; round < 5; round++) {
  inCompile = 0
  const t = performance.now()
  for (let i = 0; i < 40; i++) await customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: `cust_${((i * 7919) % 50000) + 1}`, toTs: 1796169600000 })
  console.log('total', ((performance.now() - t) / 40).toFixed(1), 'compile', (inCompile / 40).toFixed(1))
}
