/**
 * Query benchmark: the read API over 1,000,000 events of 50,000 customers (`query-dataset.ts`),
 * on SQLite and PostgreSQL. Per scenario (`query-scenarios.ts`): p50/p99 of the HTTP request,
 * one at a time, against a server in its own process (default config), and of the same question
 * as hand-written SQL run by this process on the same database — the ratio is what the layer
 * costs. The server's peak RSS (`VmHWM`) is taken after all its scenarios.
 *
 *   npm run build && nice -n 10 node --import tsx bench/query/query-bench.ts [sqlite] [postgres]
 *   CEBE_BENCH_SCENARIOS=customer-metrics,profile   only these scenarios
 *   CEBE_BENCH_RECORD="<label>"                      prepend the run to bench/results/query.json
 *   CEBE_BENCH_DATABASE_URL                          PostgreSQL (default postgres://postgres@127.0.0.1:5432/test)
 *
 * The loaded databases are kept in bench/.data and reused while the data set is unchanged.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { spawnServer } from '../ingest/targets.js'
import { recordContext } from '../record-context.js'
import { type LoadedStore, loadedStore, type StoreKind } from './loaded-store.js'
import { customerId, DATASET } from './query-dataset.js'
import {
  type HandQuery,
  type HttpRequest,
  SCENARIOS,
  type Scenario,
  type ScenarioContext,
} from './query-scenarios.js'

const RESULTS = fileURLToPath(new URL('../results/query.json', import.meta.url))

interface Timing {
  p50: number
  p99: number
  max: number
}

interface ScenarioResult {
  id: string
  label: string
  targetP99Ms: number
  requests: number
  api: Timing
  hand: Timing
  /** api p50 / hand p50. */
  ratioP50: number
  met: boolean
  handNote: string
  load1: number
}

/** Runs `statements` against one store's database, as the hand-written side. */
interface HandRunner {
  run(queries: HandQuery[]): Promise<unknown[]>
  close(): Promise<void>
}

function sqliteHand(path: string): HandRunner {
  const db = new BetterSqlite3(path, { readonly: true })
  db.pragma('cache_size = -65536')
  return {
    async run(queries) {
      return queries.map((q) => db.prepare(q.sql).all(...(q.params as unknown[])))
    },
    async close() {
      db.close()
    },
  }
}

async function postgresHand(url: string): Promise<HandRunner> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return {
    async run(queries) {
      const out: unknown[] = []
      for (const q of queries) out.push((await client.query(q.sql, q.params)).rows)
      return out
    },
    async close() {
      await client.end()
    },
  }
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024)
}

async function send(base: string, key: string, request: HttpRequest): Promise<void> {
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(request.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
  })
  const text = await res.text()
  if (res.status !== 200)
    throw new Error(`${request.method} ${request.path}: ${res.status} ${text.slice(0, 300)}`)
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
  const round = (ms: number) => Math.round(ms * 10) / 10
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1)!) }
}

async function timed(count: number, warmup: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run(count + i)
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await run(i)
    samples.push(performance.now() - started)
  }
  return samples
}

function scenarioContext(loaded: LoadedStore, hand: HandRunner, kind: StoreKind): ScenarioContext {
  // Customers spread over the whole id range by a fixed stride (coprime with the count).
  const customer = (i: number) => customerId(((i * 7_919) % DATASET.customers) + 1)
  const emails = new Map<string, string>()
  return {
    companyId: loaded.companyId,
    end: loaded.end,
    customer,
    async email(i) {
      const id = customer(i)
      let email = emails.get(id)
      if (email === undefined) {
        const sql =
          kind === 'sqlite'
            ? "SELECT value FROM identities WHERE company_id = ? AND customer_id = ? AND kind = 'email'"
            : "SELECT value FROM identities WHERE company_id = $1 AND customer_id = $2 AND kind = 'email'"
        const [rows] = (await hand.run([{ sql, params: [loaded.companyId, id] }])) as { value: string }[][]
        email = rows![0]!.value
        emails.set(id, email)
      }
      return email
    },
  }
}

async function benchStore(kind: StoreKind, scenarios: readonly Scenario[]) {
  console.error(`${kind}: loading (or reusing) the data set`)
  const loaded = await loadedStore(kind)
  console.error(`${kind}: ${loaded.reused ? 'reused' : 'loaded'} in ${loaded.loadSeconds} s`)
  const hand = kind === 'sqlite' ? sqliteHand(loaded.databaseUrl) : await postgresHand(loaded.databaseUrl)
  const ctx = scenarioContext(loaded, hand, kind)
  const server = await spawnServer(loaded.databaseUrl)
  const results: ScenarioResult[] = []
  try {
    for (const scenario of scenarios) {
      const load1 = Math.round(loadavg()[0]! * 100) / 100
      const api = await timed(scenario.requests, scenario.warmup, async (i) =>
        send(server.url, loaded.readKey, await scenario.http(ctx, i)),
      )
      const handSamples = await timed(scenario.requests, scenario.warmup, async (i) =>
        hand.run(await scenario.hand[kind](ctx, i)),
      )
      const apiTiming = timing(api)
      const handTiming = timing(handSamples)
      const result: ScenarioResult = {
        id: scenario.id,
        label: scenario.label,
        targetP99Ms: scenario.targetP99Ms,
        requests: scenario.requests,
        api: apiTiming,
        hand: handTiming,
        ratioP50: Math.round((apiTiming.p50 / Math.max(handTiming.p50, 0.01)) * 10) / 10,
        met: apiTiming.p99 <= scenario.targetP99Ms,
        handNote: scenario.handNote,
        load1,
      }
      results.push(result)
      console.error(
        `${kind} ${scenario.id}: api p50 ${apiTiming.p50} p99 ${apiTiming.p99} ms; hand p50 ${handTiming.p50} p99 ${handTiming.p99} ms; ×${result.ratioP50}`,
      )
    }
    return {
      store: kind,
      datasetEnd: new Date(loaded.end).toISOString(),
      serverPeakRssMiB: peakRssMiB(server.child.pid!),
      results,
    }
  } finally {
    server.child.kill('SIGTERM')
    await new Promise((resolve) => server.child.once('exit', resolve))
    await hand.close()
  }
}

function table(runs: Awaited<ReturnType<typeof benchStore>>[]): string {
  const lines = [
    '| store | read | API p50 / p99 | hand SQL p50 / p99 | ratio (p50) | target p99 | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const run of runs) {
    for (const r of run.results) {
      lines.push(
        `| ${run.store} | ${r.label} | ${r.api.p50} / ${r.api.p99} ms | ${r.hand.p50} / ${r.hand.p99} ms | ×${r.ratioP50} | ≤ ${r.targetP99Ms} ms | ${r.met ? 'yes' : '**no**'} |`,
      )
    }
    lines.push(`| ${run.store} | server peak RSS | ${run.serverPeakRssMiB} MiB | | | | |`)
  }
  return lines.join('\n')
}

const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite', 'postgres']) as StoreKind[]
const only = process.env.CEBE_BENCH_SCENARIOS?.split(',')
const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS
if (only && scenarios.length !== only.length) throw new Error(`unknown scenario in ${only.join(',')}`)
const context = recordContext(process.env.CEBE_BENCH_RECORD ?? 'query')
const runs = []
for (const kind of kinds) runs.push(await benchStore(kind, scenarios))
console.log(table(runs))
const record = { ...context, dataset: DATASET, runs }
console.log(JSON.stringify(record, null, 2))
if (process.env.CEBE_BENCH_RECORD) {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as unknown[]) : []
  writeFileSync(RESULTS, `${JSON.stringify([record, ...previous], null, 2)}\n`)
}
