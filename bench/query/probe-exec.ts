import BetterSqlite3 from 'better-sqlite3'
import { readFileSync } from 'node:fs'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
const text = readFileSync(process.argv[2] ?? '/tmp/combined.sql', 'utf8').replace(/;\s*$/, '')
let t = performance.now()
const st = db.prepare(text)
console.log('prepare', (performance.now() - t).toFixed(2))
for (let i = 0; i < 5; i++) { t = performance.now(); st.all(); console.log('run', (performance.now() - t).toFixed(2)) }
const plan = db.prepare('EXPLAIN QUERY PLAN ' + text).all() as { detail: string }[]
console.log(plan.length, plan.filter((p) => /customer_events|SCAN events|SEARCH|MATERIALIZE|CORRELATED/.test(p.detail)).map((p) => p.detail).slice(0, 60).join('\n'))
