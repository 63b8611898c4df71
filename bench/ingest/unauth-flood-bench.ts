/**
 * Unauthenticated flood: does a crowd without keys slow down a tenant with one? The server runs
 * in a child process (as `cebe serve` would); in this process one valid client sends a steady
 * stream of small batches (10 events, one request in flight, a 20 ms pause between requests, as
 * an SDK does) and its latency is recorded, first alone, then while FLOOD_SENDERS senders (32 by
 * default, in a second child process so they do not share the valid client's event loop) hammer
 * POST /v1/events without a key, or with a made-up one, each sending the body that hurt most
 * before keys were checked first: a 1 KB gzip of ~1 MB of nested `[`. Every flood request must
 * get 401; the figure that counts is the valid client's p99, alone and under the flood. The
 * first second of each phase is a warm-up and not counted.
 *
 *   node --import tsx bench/ingest/unauth-flood-bench.ts [sqlite|postgres ...]
 *   CEBE_BENCH_SECONDS (per phase, default 15), CEBE_BENCH_FLOOD_SENDERS (default 32),
 *   CEBE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; own cebe_bench_* schema),
 *   CEBE_BENCH_SERVER_MODULE (another build of the server, e.g. the commit before keys were
 *   checked first, built to its own dist/index.js; see server-process.ts)
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type * as Server from '@cebe/registry-server'
import { generateApiKey } from '@cebe/registry-server'
import pg from 'pg'
import { batchBody } from './event-factory.js'
import { processCpuUs } from './http-load.js'
import { spawnServer } from './targets.js'

const PG_URL = process.env.CEBE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const SECONDS = Number(process.env.CEBE_BENCH_SECONDS ?? 15)
const FLOOD_SENDERS = Number(process.env.CEBE_BENCH_FLOOD_SENDERS ?? 32)
const BATCH = 10
const PAUSE_MS = 20
const HOSTILE = gzipSync('['.repeat(1_000_000))

interface Phase {
  requests: number
  p50: number
  p99: number
  max: number
  errors: number
  floodRequests: number
  floodPerSecond: number
  floodNot401: number
  serverCpuPercent: number
}

async function main(): Promise<void> {
  const stores = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['sqlite', 'postgres']
  console.log(
    `unauthenticated flood: ${FLOOD_SENDERS} senders, ${SECONDS} s per phase, valid client ${BATCH} events/request + ${PAUSE_MS} ms pause; load ${loadavg()[0]!.toFixed(2)}`,
  )
  for (const kind of stores) {
    const target = await prepare(kind)
    const { url, child } = await spawnServer(target.url)
    try {
      const alone = await phase(new URL(url), target.key, 0, child.pid!)
      const flooded = await phase(new URL(url), target.key, FLOOD_SENDERS, child.pid!)
      for (const [name, p] of [
        ['alone', alone],
        [`${FLOOD_SENDERS} unauthenticated senders`, flooded],
      ] as const) {
        console.log(
          `${kind.padEnd(8)} ${name.padEnd(28)} valid POST p50 ${p.p50.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  max ${p.max.toFixed(1)} ms  ` +
            `(${p.requests} requests, ${p.errors} errors)  flood ${Math.round(p.floodPerSecond)} req/s (${p.floodNot401} not 401)  server CPU ${p.serverCpuPercent.toFixed(0)} %`,
        )
      }
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      await target.drop()
    }
  }
  console.log(`load after: ${loadavg()[0]!.toFixed(2)}`)
}

async function prepare(kind: string): Promise<{ url: string; key: string; drop(): Promise<void> }> {
  let url: string
  let drop: () => Promise<void>
  if (kind === 'postgres') {
    const schema = `cebe_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    const parsed = new URL(PG_URL)
    parsed.searchParams.set('options', `-c search_path=${schema}`)
    url = parsed.toString()
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await c.end()
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cebe-flood-'))
    url = join(dir, 'cebe.db')
    drop = async () => rmSync(dir, { recursive: true, force: true })
  }
  // The store is migrated by the build under test, so a pre-change build finds its own schema.
  const { openStore }: typeof Server = process.env.CEBE_BENCH_SERVER_MODULE
    ? await import(process.env.CEBE_BENCH_SERVER_MODULE)
    : await import('@cebe/registry-server')
  const store = await openStore({
    databaseUrl: url,
    durability: 'process-crash',
    sqliteCacheMiB: 16,
    sqliteBusyTimeoutMs: 5_000,
    postgresPoolSize: 2,
  })
  const generated = generateApiKey('write')
  await store.createKey({
    id: generated.id,
    keyHash: generated.keyHash,
    companyId: 'bench_co',
    type: 'write',
    modules: ['cdp', 'campaign', 'communication', 'ticketing', 'deals', 'conversion', 'loyalty'],
    role: null,
    name: 'flood bench',
  })
  await store.close()
  return { url, key: generated.key, drop }
}

/** The flood senders, in this process when it runs as `--flood <url> <senders> <seconds>`. */
async function flood(
  url: URL,
  senders: number,
  seconds: number,
): Promise<{ requests: number; not401: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: senders })
  const until = Date.now() + seconds * 1000
  let requests = 0
  let not401 = 0
  const loop = async (i: number) => {
    const headers: Record<string, string> = { 'content-encoding': 'gzip' }
    // Half send no key, half a well-formed key that does not exist (a store lookup, then cached).
    if (i % 2 === 1) headers.authorization = `Bearer ${generateApiKey('write').key}`
    while (Date.now() < until) {
      const status = await send(agent, url, HOSTILE, headers).catch(() => 0)
      requests++
      if (status !== 401) not401++
    }
  }
  await Promise.all(Array.from({ length: senders }, (_, i) => loop(i)))
  agent.destroy()
  return { requests, not401 }
}

function spawnFlood(
  url: URL,
  senders: number,
  seconds: number,
): Promise<{ requests: number; not401: number }> {
  const script = fileURLToPath(import.meta.url)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--flood', url.origin, String(senders), String(seconds)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += String(d)
    })
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood exited ${code}`)),
    )
  })
}

async function phase(url: URL, key: string, senders: number, serverPid: number): Promise<Phase> {
  const valid = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const warmUntil = Date.now() + 1_000
  const until = Date.now() + SECONDS * 1000
  const latencies: number[] = []
  let errors = 0
  const flooding =
    senders > 0 ? spawnFlood(url, senders, SECONDS) : Promise.resolve({ requests: 0, not401: 0 })
  const cpuBefore = processCpuUs(serverPid)
  const started = performance.now()
  let offset = 0
  while (Date.now() < until) {
    const { body } = batchBody(BATCH, offset)
    offset += BATCH
    const t0 = performance.now()
    const status = await send(valid, url, body, { authorization: `Bearer ${key}` }).catch(() => 0)
    if (Date.now() > warmUntil) latencies.push(performance.now() - t0)
    if (status !== 200) errors++
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
  const seconds = (performance.now() - started) / 1000
  const cpuSeconds = (processCpuUs(serverPid) - cpuBefore) / 1e6
  const { requests: floodRequests, not401: floodNot401 } = await flooding
  valid.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return {
    requests: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    errors,
    floodRequests,
    floodPerSecond: floodRequests / seconds,
    floodNot401,
    serverCpuPercent: (cpuSeconds / seconds) * 100,
  }
}

function send(
  agent: http.Agent,
  url: URL,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url.origin}/v1/events`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

if (process.argv[2] === '--flood') {
  const result = await flood(new URL(process.argv[3]!), Number(process.argv[4]), Number(process.argv[5]))
  process.stdout.write(JSON.stringify(result))
} else {
  await main()
}
