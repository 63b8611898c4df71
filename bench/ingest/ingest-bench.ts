/**
 * Ingest benchmark: sustained events/s and source-to-committed latency through HTTP (client in
 * this process, server in a child process, same machine), beside the physical limit: raw
 * batched inserts of the same rows into the same store, no HTTP.
 *
 *   node --import tsx bench/ingest/ingest-bench.ts [sqlite|postgres ...]
 *   CEBE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), CEBE_BENCH_SECONDS (default 20),
 *   CEBE_BENCH_CONNECTIONS (default 4), CEBE_BENCH_RUNS (default 3),
 *   CEBE_BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
 *
 * The raw limit is run twice, before and after the HTTP runs, and the better run counts (the box
 * is shared; a single sample may be taken while something else runs). The whole run (raw, HTTP,
 * raw) repeats CEBE_BENCH_RUNS times, each with its own raw limit, and a last line per store gives
 * the median and the spread (min–max) of every figure. CPU time per event of the server (all
 * threads, from /proc) and of this client is reported to show which side is busy.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateApiKey, openStore } from '@cebe/registry-server'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { batchBody, events } from './event-factory.js'

const PG_URL = process.env.CEBE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const SECONDS = Number(process.env.CEBE_BENCH_SECONDS ?? 20)
const RAW_EVENTS = 200_000
const CONNECTIONS = Number(process.env.CEBE_BENCH_CONNECTIONS ?? 4)
const RUNS = Math.max(1, Number(process.env.CEBE_BENCH_RUNS ?? 3))

interface Target {
  name: 'sqlite' | 'postgres'
  url: string
  raw(rows: Row[]): Promise<number>
  drop(): Promise<void>
}

interface Row {
  c: string
  e: string
  n: string
  m: string
  v: string
  cu: string
  t: number
  h: string
  b: string
}

function rowsOf(count: number): Row[] {
  return events(count).map((event) => {
    const { sent_at: _s, ...content } = event
    const b = JSON.stringify(content)
    return {
      c: event.company_id as string,
      e: event.event_id as string,
      n: event.event_name as string,
      m: event.source_module as string,
      v: event.schema_version as string,
      cu: event.qontak_customer_id as string,
      t: Date.parse(event.event_timestamp as string),
      h: createHash('sha256').update(b).digest('base64url'),
      b,
    }
  })
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'cebe-bench-'))
  let rawRuns = 0
  return {
    name: 'sqlite',
    url: join(dir, 'bench.db'),
    async raw(rows) {
      const path = join(dir, `raw-${++rawRuns}.db`)
      const store = await openStore({
        databaseUrl: path,
        durability: 'process-crash',
        sqliteCacheMiB: 256,
        sqliteBusyTimeoutMs: 5000,
        postgresPoolSize: 1,
      })
      await store.close()
      const db = new BetterSqlite3(path)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('cache_size = -262144')
      const insert = db.prepare(
        `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id, event_ts,
           received_at, sent_at, content_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      const tx = db.transaction((chunk: Row[]) => {
        for (const r of chunk) insert.run(r.c, r.e, r.n, r.m, r.v, r.cu, r.t, Date.now(), r.h, r.b)
      })
      const started = performance.now()
      for (let i = 0; i < rows.length; i += 5000) tx(rows.slice(i, i + 5000))
      const seconds = (performance.now() - started) / 1000
      db.close()
      return rows.length / seconds
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function postgresTarget(): Promise<Target> {
  const schema = `cebe_bench_${randomBytes(4).toString('hex')}`
  const rawSchemas = [1, 2].map((n) => `${schema}_raw${n}`)
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  for (const s of [schema, ...rawSchemas]) await admin.query(`CREATE SCHEMA ${s}`)
  await admin.end()
  let rawRuns = 0
  const withSchema = (s: string) => {
    const u = new URL(PG_URL)
    u.searchParams.set('options', `-c search_path=${s}`)
    return u.toString()
  }
  return {
    name: 'postgres',
    url: withSchema(schema),
    async raw(rows) {
      const rawSchema = rawSchemas[rawRuns++ % rawSchemas.length]!
      const store = await openStore({
        databaseUrl: withSchema(rawSchema),
        durability: 'process-crash',
        sqliteCacheMiB: 1,
        sqliteBusyTimeoutMs: 1,
        postgresPoolSize: 1,
      })
      await store.close()
      const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${rawSchema}` })
      await client.connect()
      const started = performance.now()
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000)
        await client.query('BEGIN')
        await client.query(
          `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id, event_ts,
             received_at, content_hash, body)
           SELECT c, e, n, m, v, cu, to_timestamp(t / 1000.0), now(), h, b::jsonb
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[])
             AS u(c, e, n, m, v, cu, t, h, b)`,
          [
            chunk.map((r) => r.c),
            chunk.map((r) => r.e),
            chunk.map((r) => r.n),
            chunk.map((r) => r.m),
            chunk.map((r) => r.v),
            chunk.map((r) => r.cu),
            chunk.map((r) => r.t),
            chunk.map((r) => r.h),
            chunk.map((r) => r.b),
          ],
        )
        await client.query('COMMIT')
      }
      const seconds = (performance.now() - started) / 1000
      await client.end()
      return rows.length / seconds
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      for (const s of [schema, ...rawSchemas]) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await c.end()
    },
  }
}

async function spawnServer(url: string): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url))
  const extra = process.env.CEBE_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', script, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const serverUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += String(d)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line).url)
    })
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  return { url: serverUrl, child }
}

interface LoadResult {
  eventsPerSecond: number
  p50: number
  p99: number
  errors: number
  /** CPU time per acknowledged event, µs: the server process (all threads) and this client. */
  serverCpuUsPerEvent: number
  clientCpuUsPerEvent: number
}

/** user + system CPU of a process (all its threads), in µs, from /proc (Linux). */
function processCpuUs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  } catch {
    return Number.NaN
  }
}

/** One POST on a keep-alive socket; resolves with the status and parsed JSON answer. */
function post(
  agent: http.Agent,
  url: URL,
  key: string,
  body: string,
): Promise<{ status: number; json: { accepted?: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) })
          } catch (error) {
            reject(error)
          }
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Fixed duration; only acknowledged (committed) events count; a request still in flight at the
 * end is waited for and its time counts. Latency of an event = its ack time − the moment its
 * batch was built (the batch's event_timestamp): source-to-committed, client queueing included.
 */
async function load(
  url: string,
  key: string,
  serverPid: number,
  options: { seconds: number; batch: number; concurrency?: number; rate?: number },
): Promise<LoadResult> {
  const endpoint = new URL('/v1/events', url)
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.rate ? 64 : (options.concurrency ?? 4),
  })
  const latencies: number[] = []
  const weights: number[] = []
  let accepted = 0
  let errors = 0
  let offset = 0
  const send = async (built?: { body: string; created: number }) => {
    const { body, created } = built ?? batchBody(options.batch, offset)
    offset += options.batch
    const res = await post(agent, endpoint, key, body)
    if (res.status !== 200) {
      errors++
      return
    }
    accepted += res.json.accepted ?? 0
    latencies.push(Date.now() - created)
    weights.push(res.json.accepted ?? 0)
  }
  const serverCpu = processCpuUs(serverPid)
  const clientCpu = process.cpuUsage()
  const started = Date.now()
  const end = started + options.seconds * 1000
  if (options.rate) {
    // Open loop: a batch is built on schedule whether or not earlier ones were answered.
    const interval = (options.batch / options.rate) * 1000
    const inFlight: Promise<void>[] = []
    for (let next = started; next < end; next += interval) {
      const wait = next - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      inFlight.push(send().catch(() => void errors++))
    }
    await Promise.all(inFlight)
  } else {
    await Promise.all(
      Array.from({ length: options.concurrency ?? 4 }, async () => {
        while (Date.now() < end) await send().catch(() => void errors++)
      }),
    )
  }
  const elapsed = (Date.now() - started) / 1000
  const client = process.cpuUsage(clientCpu)
  const server = processCpuUs(serverPid) - serverCpu
  agent.destroy()
  return {
    eventsPerSecond: accepted / elapsed,
    p50: percentile(latencies, weights, 0.5),
    p99: percentile(latencies, weights, 0.99),
    errors,
    serverCpuUsPerEvent: Math.round(server / Math.max(1, accepted)),
    clientCpuUsPerEvent: Math.round((client.user + client.system) / Math.max(1, accepted)),
  }
}

function percentile(values: number[], weights: number[], p: number): number {
  const pairs = values.map((v, i) => [v, weights[i]!] as const).sort((a, b) => a[0] - b[0])
  const total = pairs.reduce((s, [, w]) => s + w, 0)
  let seen = 0
  for (const [v, w] of pairs) {
    seen += w
    if (seen >= p * total) return v
  }
  return pairs.at(-1)?.[0] ?? Number.NaN
}

async function bench(target: Target) {
  const rawRows = rowsOf(RAW_EVENTS)
  const rawBefore = await target.raw(rawRows)
  const setup = await openStore({
    databaseUrl: target.url,
    durability: 'process-crash',
    sqliteCacheMiB: 16,
    sqliteBusyTimeoutMs: 5000,
    postgresPoolSize: 1,
  })
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
    await load(server.url, key.key, pid, { seconds: 3, batch: 500, concurrency: CONNECTIONS }) // warm-up
    const loadBefore = loadavg()[0]!
    const sustained = await load(server.url, key.key, pid, {
      seconds: SECONDS,
      batch: 500,
      concurrency: CONNECTIONS,
    })
    const paced = await load(server.url, key.key, pid, {
      seconds: Math.min(SECONDS, 15),
      batch: 100,
      rate: 10_000,
    })
    const loadAfter = loadavg()[0]!
    server.child.kill('SIGTERM')
    await new Promise((r) => server.child.once('exit', r))
    // The limit is the better of two raw runs, before and after the HTTP runs (the box is shared).
    const rawAfter = await target.raw(rawRows)
    const rawRate = Math.max(rawBefore, rawAfter)
    return {
      store: target.name,
      rawInsertsPerSecond: Math.round(rawRate),
      rawRuns: [Math.round(rawBefore), Math.round(rawAfter)],
      sustainedEventsPerSecond: Math.round(sustained.eventsPerSecond),
      sustainedP50Ms: sustained.p50,
      sustainedP99Ms: sustained.p99,
      shareOfRaw: Number((sustained.eventsPerSecond / rawRate).toFixed(2)),
      at10kPerSecond: {
        eventsPerSecond: Math.round(paced.eventsPerSecond),
        p50Ms: paced.p50,
        p99Ms: paced.p99,
      },
      errors: sustained.errors + paced.errors,
      cpuUsPerEvent: {
        server: sustained.serverCpuUsPerEvent,
        client: sustained.clientCpuUsPerEvent,
      },
      loadAverage: [Number(loadBefore.toFixed(1)), Number(loadAfter.toFixed(1))],
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
  `# ingest bench: ${cpus().length} CPUs, Node ${process.version}, ${SECONDS}s sustained, batches of 500, ${CONNECTIONS} connections`,
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
      sustainedEventsPerSecond: stat((r) => r.sustainedEventsPerSecond),
      shareOfRaw: stat((r) => r.shareOfRaw),
      sustainedP99Ms: stat((r) => r.sustainedP99Ms),
      at10kP99Ms: stat((r) => r.at10kPerSecond.p99Ms),
      serverCpuUsPerEvent: stat((r) => r.cpuUsPerEvent.server),
      loadAverage: stat((r) => Math.max(...r.loadAverage)),
    },
  }
}

for (const name of wanted) {
  const runs: Run[] = []
  for (let i = 0; i < RUNS; i++) {
    const target = name === 'postgres' ? await postgresTarget() : await sqliteTarget()
    try {
      runs.push(await bench(target))
      console.log(JSON.stringify(runs.at(-1)))
    } finally {
      await target.drop()
    }
  }
  console.log(JSON.stringify(summary(runs)))
}
