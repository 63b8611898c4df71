/**
 * Backfill benchmark: `cebe backfill <file>` (the built CLI, a child process) into a server (a
 * child process, default config) on SQLite and on PostgreSQL, for NDJSON files of 100,000 and
 * 1,000,000 lines of 12-month history — events/s end to end, and the peak RSS of the server and
 * of the CLI, to show memory stays flat as the file grows. Beside it, the raw insert limit of the
 * same kind of rows in the same run (the ingest bench's definition: the rows the store keeps per
 * event, 5,000 per transaction, nothing else), on the first 200,000 lines of the file.
 *
 *   npm run build && node --import tsx bench/backfill/backfill-bench.ts [sqlite] [postgres]
 *   CEBE_BENCH_LINES (default "100000,1000000"), CEBE_BENCH_ROWS (raw-limit rows, default 200000),
 *   CEBE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; own cebe_bf_* schemas),
 *   CEBE_BENCH_CPU_PROF=<dir>: the server writes V8 CPU profiles (one per thread) there
 */
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { generateApiKey, openStore } from '@cebe/registry-server'
import pg from 'pg'
import { eventJson } from '../ingest/event-factory.js'
import { rawLimit } from './raw-limit.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = join(ROOT, 'packages/cli/dist/cli.js')
const SERVER = join(ROOT, 'bench/ingest/server-process.ts')
const PG_URL = process.env.CEBE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const SIZES = (process.env.CEBE_BENCH_LINES ?? '100000,1000000').split(',').map(Number)
const RAW_ROWS = Number(process.env.CEBE_BENCH_ROWS ?? 200_000)
const YEAR = 365 * 86_400_000

if (!existsSync(CLI)) throw new Error('build first: npm run build')

/** `lines` events spread over the last 12 months, oldest first, one per line. */
async function writeHistory(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path)
  const start = Date.now() - YEAR
  for (let i = 0; i < lines; i++) {
    const line = `${eventJson(i, new Date(start + Math.floor((i / lines) * (YEAR - 3_600_000))).toISOString())}\n`
    if (!out.write(line)) await new Promise((r) => out.once('drain', r))
  }
  await new Promise<void>((resolve) => out.end(resolve))
}

async function firstLines(path: string, n: number): Promise<string[]> {
  const lines: string[] = []
  for await (const line of createInterface({ input: createReadStream(path) })) {
    lines.push(line)
    if (lines.length >= n) break
  }
  return lines
}

interface Location {
  url: string
  drop(): Promise<void>
}

async function freshLocation(kind: 'sqlite' | 'postgres', dir: string, tag: string): Promise<Location> {
  if (kind === 'sqlite') return { url: join(dir, `${tag}.db`), drop: async () => undefined }
  const schema = `cebe_bf_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const u = new URL(PG_URL)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}

const storeConfig = (databaseUrl: string) => ({
  databaseUrl,
  durability: 'process-crash' as const,
  sqliteCacheMiB: 256,
  sqliteBusyTimeoutMs: 5000,
  postgresPoolSize: 8,
})

/** CPU seconds (user + system) a live process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024)
}

async function backfillRun(kind: 'sqlite' | 'postgres', file: string, lines: number, dir: string) {
  const location = await freshLocation(kind, dir, `bf-${lines}`)
  const store = await openStore(storeConfig(location.url))
  const key = generateApiKey('write')
  await store.createKey({
    id: key.id,
    keyHash: key.keyHash,
    companyId: 'bench_co',
    type: 'write',
    modules: ['campaign', 'ticketing', 'communication', 'conversion', 'deals'],
    role: null,
    name: null,
  })
  await store.close()
  const profile = process.env.CEBE_BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CEBE_BENCH_CPU_PROF}`]
    : []
  const server = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER, location.url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (c) => {
      out += String(c)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line).url)
    })
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const started = performance.now()
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile(
      '/usr/bin/time',
      [
        '-f',
        'MAXRSS_KB=%M CPU_S=%U+%S',
        process.execPath,
        CLI,
        'backfill',
        file,
        '--endpoint',
        url,
        '--key',
        key.key,
        '--json',
        '--no-progress',
      ],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error && !stdout ? reject(new Error(stderr)) : resolve({ stdout, stderr })),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    accepted: number
    duplicates: number
    rejected: number
  }
  const serverPeak = peakRssMiB(server.pid!)
  const serverCpu = cpuSeconds(server.pid!)
  const [cliUser, cliSystem] = /CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr)!.slice(1).map(Number) as [
    number,
    number,
  ]
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  await location.drop()
  if (summary.accepted !== lines) throw new Error(`backfill: ${JSON.stringify(summary)} of ${lines} lines`)
  return {
    lines,
    seconds: +seconds.toFixed(1),
    eventsPerSecond: Math.round(lines / seconds),
    serverPeakRssMiB: serverPeak,
    cliPeakRssMiB: Math.round(Number(/MAXRSS_KB=(\d+)/.exec(stderr)![1]) / 1024),
    // Where the two cores went: server (all threads, start-up included) and CLI, per event.
    serverCpuMicrosPerEvent: Math.round((serverCpu * 1e6) / lines),
    cliCpuMicrosPerEvent: Math.round(((cliUser + cliSystem) * 1e6) / lines),
  }
}

const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite', 'postgres']) as (
  | 'sqlite'
  | 'postgres'
)[]
const dir = mkdtempSync(join(tmpdir(), 'cebe-bf-bench-'))
try {
  const files = new Map<number, string>()
  for (const lines of SIZES) {
    const file = join(dir, `history-${lines}.ndjson`)
    await writeHistory(file, lines)
    files.set(lines, file)
    console.error(`wrote ${file} (${Math.round(statSync(file).size / 1_048_576)} MiB)`)
  }
  const rawRows = await firstLines(files.get(Math.max(...SIZES))!, RAW_ROWS)
  for (const kind of kinds) {
    const runs = []
    for (const lines of SIZES) {
      const load = loadavg()[0]!.toFixed(1)
      runs.push({ ...(await backfillRun(kind, files.get(lines)!, lines, dir)), load1: load })
      console.error(JSON.stringify({ store: kind, ...runs.at(-1) }))
    }
    const location = await freshLocation(kind, dir, 'raw')
    const raw = await rawLimit(kind, location.url, rawRows)
    await location.drop()
    console.log(JSON.stringify({ store: kind, rawInsertsPerSecond: Math.round(raw), runs }))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
