import BetterSqlite3 from 'better-sqlite3'
import { metricsForScope } from '@cebe/schemas'
import { sql } from 'kysely'
import { sqliteReadSide } from '../../packages/registry-server/src/storage/sqlite/sqlite-read-side.js'
import { implementationOf } from '../../packages/registry-server/src/retrieval/metrics/metric-registry.js'
import { MetricQuery } from '../../packages/registry-server/src/retrieval/metrics/metric-scope.js'
import { DEFAULT_METRIC_OPTIONS } from '../../packages/registry-server/src/retrieval/metrics/metric-engine.js'
const db = new BetterSqlite3('bench/.data/query.db', { readonly: true })
const read = sqliteReadSide(db)
const end = 1796169600000
const scope = { companyId: 'company_acme', fromTs: end - 182 * 86400000, toTs: end, grouping: 'company' as const }
const s = [...new Set(metricsForScope('company').map((d) => implementationOf(d.id, 'company')!.source))].find((x) => x.name === process.argv[2])!
const c = sql`SELECT * FROM (${s.query(new MetricQuery(read, scope), DEFAULT_METRIC_OPTIONS)}) p`.compile(read.db)
console.log((db.prepare('EXPLAIN QUERY PLAN ' + c.sql).all(...(c.parameters as unknown[])) as { id: number; parent: number; detail: string }[]).map((r) => `${r.id}/${r.parent} ${r.detail}`).join('\n'))
