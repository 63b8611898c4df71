/**
 * Ingest benchmark: sustained events/s and source-to-committed latency through HTTP (client in
 * this process, server in a child process, same machine; `http-load.ts`), beside two physical
 * limits for the same rows in the same kind of store, no HTTP, no JSON parse, no validation
 * (`targets.ts`):
 *
 * - raw limit: batched inserts of the rows the store keeps for each event, into the same tables
 *   with the same indexes, 5,000 events per transaction — PostgreSQL: the `events` row (its
 *   per-customer index is an index of that table); SQLite: the `events` row and its
 *   `customer_timeline` row (ADR 0106), the timeline rows inserted in key order once a fold's
 *   worth has gathered, as the store's fold does;
 * - store limit: the same EventRows through the store's own `Store.commit` (dedup, identity
 *   resolution, event log, per-customer aggregates and outbox; ARCHITECTURE decision 1, on SQLite
 *   with the fold of ADR 0106), opened by `openStore` with the server's defaults on a fresh
 *   SQLite file / fresh PostgreSQL schema, in groups of 2,000 and of 5,000 events
 *   (`maxEventsPerCommit`), as many commits in flight as the server allows
 *   (`maxCommitsInFlight`).
 *
 * The rows are built once per run by the server's own code (`EventValidator`, `IdentityExtractor`,
 * `toEventRow`, imported from the package sources: the bench runs under tsx) and both limits
 * write exactly those rows.
 *
 *   node --import tsx bench/ingest/ingest-bench.ts [sqlite|postgres ...]
 *   CEBE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), CEBE_BENCH_SECONDS (default 20),
 *   CEBE_BENCH_CONNECTIONS (sustained loads, default "4,16"), CEBE_BENCH_RUNS (default 3), CEBE_BENCH_ROWS (rows per limit, default 200000),
 *   CEBE_BENCH_SETTLE_MS (pause before the 10,000 events/s run, default 2000),
 *   CEBE_BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 *   CEBE_BENCH_RECORD="<label>": also prepend this run (with date, commit and machine) to bench/results/ingest.json
 *
 * Each limit is run twice, once before and once after the HTTP runs, and the better run counts
 * (the store limit alternates its group size between the two passes, the first size alternating
 * from run to run). The whole run (limits, HTTP, limits) repeats CEBE_BENCH_RUNS times, each with
 * its own limits, and a last line per store gives the median and the spread (min–max) of every
 * figure. CPU time per event of the server (all threads, from /proc) and of this client is
 * reported to show which side is busy.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { generateApiKey, openStore } from '@cebe/registry-server'
import { DEFAULT_CONFIG } from '../../packages/registry-server/src/config.js'
import { recordContext } from '../record-context.js'
import { commitCounts, type LoadResult, load } from './http-load.js'
import {
  eventRows,
  postgresTarget,
  spawnServer,
  sqliteTarget,
  storeConfig,
  storeLimit,
  type Target,
} from './targets.js'

const SECONDS = Number(process.env.CEBE_BENCH_SECONDS ?? 20)
const RAW_EVENTS = Number(process.env.CEBE_BENCH_ROWS ?? 200_000)
/**
 * The sustained load runs once per connection count (keep-alive, 500 events a request) and the
 * best counts: a closed loop with too few connections measures round trips, not capacity (SQLite
 * with 4 sat ~40 % idle), and too many can cost a store more than it gains (PostgreSQL with 16
 * spent 50 % more CPU per event than with 4). Every count's figures are recorded.
 */
const CONNECTIONS = (process.env.CEBE_BENCH_CONNECTIONS ?? '4,16')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
const RUNS = Math.max(1, Number(process.env.CEBE_BENCH_RUNS ?? 3))
/** Pause between the sustained loads and the steady 10,000 events/s. */
const SETTLE_MS = Number(process.env.CEBE_BENCH_SETTLE_MS ?? 2000)

/** Group sizes of the store limit: the most the sustained load can group, and `maxEventsPerCommit`. */
const STORE_GROUPS = [2000, DEFAULT_CONFIG.maxEventsPerCommit] as const

const load1 = () => Number(loadavg()[0]!.toFixed(2))

async function bench(target: Target, run: number) {
  const loadStart = load1()
  const rows = eventRows(RAW_EVENTS)
  // The store limit's two passes take both group sizes; which comes first alternates by run.
  const groups = run % 2 === 0 ? [...STORE_GROUPS] : [...STORE_GROUPS].reverse()
  const rawBefore = await target.raw(rows)
  const storeBefore = await storeLimit(target.freshStore(), rows, groups[0]!)
  const setup = await openStore(storeConfig(target.url))
  const key = generateApiKey('write')
  await setup.createKey({
    id: key.id,
    keyHash: key.keyHash,
    companyId: 'bench_co',
    type: 'write',
    modules: ['campaign', 'communication', 'ticketing', 'conversion', 'deals'],
    role: null,
    name: 'bench',
  })
  await setup.close()
  const server = await spawnServer(target.url)
  try {
    const pid = server.child.pid!
    await load(server.url, key.key, pid, { seconds: 3, batch: 500, concurrency: CONNECTIONS[0]! }) // warm-up
    const loadBefore = load1()
    const byConnections: (LoadResult & { connections: number; eventsPerCommit: number | null })[] = []
    for (const connections of CONNECTIONS) {
      const countsBefore = await commitCounts(server.url)
      const result = await load(server.url, key.key, pid, {
        seconds: SECONDS,
        batch: 500,
        concurrency: connections,
      })
      const countsAfter = await commitCounts(server.url)
      const eventsPerCommit =
        countsBefore && countsAfter
          ? Math.round(
              (countsAfter.events - countsBefore.events) /
                Math.max(1, countsAfter.commits - countsBefore.commits),
            )
          : null
      byConnections.push({ ...result, connections, eventsPerCommit })
    }
    const sustained = byConnections.reduce((best, r) => (r.eventsPerSecond > best.eventsPerSecond ? r : best))
    // The steady 10,000 events/s starts from a settled server: the SQLite fold left over from the
    // overload (up to 65,536 events, ~0.4 s, ADR 0106) runs in this pause, not in the measurement.
    await new Promise((r) => setTimeout(r, SETTLE_MS))
    const paced = await load(server.url, key.key, pid, {
      seconds: Math.min(SECONDS, 15),
      batch: 100,
      rate: 10_000,
    })
    const loadAfter = load1()
    server.child.kill('SIGTERM')
    await new Promise((r) => server.child.once('exit', r))
    // Each limit is the better of two runs, before and after the HTTP runs.
    const rawAfter = await target.raw(rows)
    const storeAfter = await storeLimit(target.freshStore(), rows, groups[1]!)
    const rawRate = Math.max(rawBefore, rawAfter)
    const storeRate = Math.max(storeBefore.eventsPerSecond, storeAfter.eventsPerSecond)
    const byGroup = Object.fromEntries([
      [groups[0]!, Math.round(storeBefore.eventsPerSecond)],
      [groups[1]!, Math.round(storeAfter.eventsPerSecond)],
    ]) as Record<number, number>
    const cpuByGroup = Object.fromEntries([
      [groups[0]!, storeBefore.cpuUsPerEvent],
      [groups[1]!, storeAfter.cpuUsPerEvent],
    ]) as Record<number, number>
    return {
      store: target.name,
      run: run + 1,
      rawInsertsPerSecond: Math.round(rawRate),
      rawRuns: [Math.round(rawBefore), Math.round(rawAfter)],
      storeLimitPerSecond: Math.round(storeRate),
      /** events/s by group size (first key: the pass before the HTTP runs). */
      storeLimitByGroup: byGroup,
      /** CPU µs/event of this process during the store limit (PostgreSQL: client side only). */
      storeLimitCpuUsPerEvent: cpuByGroup,
      sustainedEventsPerSecond: Math.round(sustained.eventsPerSecond),
      /** The connection count of the best sustained load, and every count's figures. */
      sustainedConnections: sustained.connections,
      sustainedByConnections: byConnections.map((r) => ({
        connections: r.connections,
        eventsPerSecond: Math.round(r.eventsPerSecond),
        p50Ms: r.p50,
        p99Ms: r.p99,
        serverCpuUsPerEvent: r.serverCpuUsPerEvent,
        eventsPerCommit: r.eventsPerCommit,
      })),
      sustainedP50Ms: sustained.p50,
      sustainedP99Ms: sustained.p99,
      shareOfRaw: Number((sustained.eventsPerSecond / rawRate).toFixed(2)),
      shareOfStoreLimit: Number((sustained.eventsPerSecond / storeRate).toFixed(2)),
      /** Mean events per group commit in the sustained run (server /metrics). */
      sustainedEventsPerCommit: sustained.eventsPerCommit,
      at10kPerSecond: {
        eventsPerSecond: Math.round(paced.eventsPerSecond),
        p50Ms: paced.p50,
        p99Ms: paced.p99,
      },
      errors: byConnections.reduce((n, r) => n + r.errors, 0) + paced.errors,
      cpuUsPerEvent: {
        server: sustained.serverCpuUsPerEvent,
        client: sustained.clientCpuUsPerEvent,
      },
      /** 1-minute load average: run start, before and after the HTTP runs, run end. */
      loadAverage: [loadStart, loadBefore, loadAfter, load1()],
    }
  } finally {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM')
      await new Promise((r) => server.child.once('exit', r))
    }
  }
}

const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['sqlite', 'postgres']
console.log(
  `# ingest bench: ${cpus().length} CPUs, Node ${process.version}, ${SECONDS}s sustained, batches of 500, ${CONNECTIONS.join(' / ')} connections (best counts), ${RUNS} runs`,
)
type Run = Awaited<ReturnType<typeof bench>>

/** Median and min–max over the runs, for the figures the targets are about. */
function summary(runs: Run[]) {
  const stat = (pick: (r: Run) => number) => {
    const values = runs.map(pick).sort((a, b) => a - b)
    const mid = values.length >> 1
    const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2
    return { median: Number(median.toFixed(2)), min: values[0]!, max: values.at(-1)! }
  }
  return {
    store: runs[0]!.store,
    runs: runs.length,
    summary: {
      rawInsertsPerSecond: stat((r) => r.rawInsertsPerSecond),
      storeLimitPerSecond: stat((r) => r.storeLimitPerSecond),
      ...Object.fromEntries(
        STORE_GROUPS.map((g) => [`storeLimitGroupOf${g}`, stat((r) => r.storeLimitByGroup[g]!)]),
      ),
      sustainedEventsPerSecond: stat((r) => r.sustainedEventsPerSecond),
      shareOfRaw: stat((r) => r.shareOfRaw),
      shareOfStoreLimit: stat((r) => r.shareOfStoreLimit),
      sustainedP50Ms: stat((r) => r.sustainedP50Ms),
      sustainedP99Ms: stat((r) => r.sustainedP99Ms),
      at10kP50Ms: stat((r) => r.at10kPerSecond.p50Ms),
      at10kP99Ms: stat((r) => r.at10kPerSecond.p99Ms),
      serverCpuUsPerEvent: stat((r) => r.cpuUsPerEvent.server),
      sustainedEventsPerCommit: stat((r) => r.sustainedEventsPerCommit ?? Number.NaN),
      /** The highest 1-minute load average seen in each run. */
      loadAverage: stat((r) => Math.max(...r.loadAverage)),
    },
  }
}

const allRuns: Run[] = []
const summaries: ReturnType<typeof summary>[] = []
for (const name of wanted) {
  const runs: Run[] = []
  for (let i = 0; i < RUNS; i++) {
    const target = name === 'postgres' ? await postgresTarget() : await sqliteTarget()
    try {
      runs.push(await bench(target, i))
      console.log(JSON.stringify(runs.at(-1)))
    } finally {
      await target.drop()
    }
  }
  allRuns.push(...runs)
  summaries.push(summary(runs))
  console.log(JSON.stringify(summaries.at(-1)))
}

if (process.env.CEBE_BENCH_RECORD) {
  // Newest record first; earlier records are kept as they were.
  const file = new URL('../results/ingest.json', import.meta.url)
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]) : []
  const record = {
    ...recordContext(process.env.CEBE_BENCH_RECORD),
    settings: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      settleMs: SETTLE_MS,
      runs: RUNS,
      rowsPerLimit: RAW_EVENTS,
      storeGroups: STORE_GROUPS,
    },
    summaries,
    runs: allRuns,
  }
  writeFileSync(file, `${JSON.stringify([record, ...earlier], null, 2)}\n`)
}
