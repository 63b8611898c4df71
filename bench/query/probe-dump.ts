import BetterSqlite3 from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { customerMetricsWithHealth } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
const orig = db.prepare.bind(db)
;(db as any).prepare = (s: string) => { const st = orig(s); const all = st.all.bind(st); (st as any).all = (...a: unknown[]) => { let i = 0; writeFileSync('/tmp/combined.sql', s.replace(/\?/g, () => { const arr = (Array.isArray(a[0]) ? a[0] : a) as unknown[]; const p = arr[i++]; return typeof p === 'string' ? `'${p}'` : String(p) }) + ';\n'); return all(...a) }; return st }
const read = sqliteReadSide(db)
await customerMetricsWithHealth(read, { companyId: 'company_acme', customerId: 'cust_7920', toTs: 1796169600000 })
