import BetterSqlite3 from 'better-sqlite3'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
let inAll = 0
const orig = db.prepare.bind(db)
;(db as any).prepare = (s: string) => { const st = orig(s); const all = st.all.bind(st); (st as any).all = (...a: unknown[]) => { const t = performance.now(); const r = all(...a); inAll += performance.now() - t; return r }; return st }
const read = sqliteReadSide(db)
const run = (c: string) => customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: c, toTs: 1796169600000 })
for (let round = 0; round < 4; round++) {
  inAll = 0
  const t = performance.now()
  for (let i = 0; i < 40; i++) await run(`cust_${((i * 7919) % 50000) + 1}`)
  console.log('total', ((performance.now() - t) / 40).toFixed(1), 'sqlite', (inAll / 40).toFixed(1))
}
