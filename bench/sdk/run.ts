/**
 * bench/sdk: the same realistic event tracked N times by each SDK at its defaults, each in its
 * own child process, delivered to one local sink that counts lost and duplicated events.
 *
 *   node --import tsx bench/sdk/run.ts [n=100000] [sdk,sdk,…]
 *   CEBE_BENCH_RECORD="<label>": also prepend this run (with date, commit and machine) to bench/results/sdk.json
 *
 * Every row carries the 1-minute load average before and after that SDK's run.
 */
import { fork } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { recordContext } from '../record-context.js'
import { startBenchSink } from './sink.js'

const n = Number(process.argv[2] ?? 100_000)
const only = process.argv[3]?.split(',')
/** RudderStack's SDK needs ~30 s for 4,000 events: it runs at this smaller N. */
const RUDDER_N = 4000
const SDKS = ['hand', 'cebe', 'segment', 'posthog', 'mixpanel', 'rudderstack'].filter(
  (s) => !only || only.includes(s),
)
/** Plain JS: the children run on plain `node` (no tsx), so RSS compares the SDKs, not a loader. */
const producer = fileURLToPath(new URL('./producer.mjs', import.meta.url))
const sink = await startBenchSink()

interface Row {
  sdk: string
  n: number
  trackS: number
  deliveredS: number | null
  peakRssMb: number
  lost: number
  duplicated: number
  loadAverage: [number, number]
}

const load1 = () => Number(loadavg()[0]!.toFixed(2))

async function bench(sdk: string): Promise<Row> {
  const count = sdk === 'rudderstack' ? Math.min(n, RUDDER_N) : n
  sink.reset()
  const loadBefore = load1()
  const child = fork(producer, [sdk, String(count), sink.url], {
    // Not the orchestrator's `--import tsx`: a bare node, as the SDKs' users run them.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 2000) stderr += c
  })
  let start = 0
  let tracked = 0
  let peakRss = 0
  let deliveredAt: number | null = null
  const poll = setInterval(() => {
    if (deliveredAt === null && start > 0 && sink.counts().unique >= count) deliveredAt = Date.now()
  }, 1)
  child.on('message', (m: { type: string; at: number; peakRss?: number }) => {
    if (m.type === 'start') start = m.at
    if (m.type === 'tracked') tracked = m.at
    if (m.type === 'done') peakRss = m.peakRss!
  })
  const timeout = setTimeout(() => child.kill('SIGKILL'), 180_000)
  await new Promise((resolve) => child.on('exit', resolve))
  clearTimeout(timeout)
  clearInterval(poll)
  const counts = sink.counts()
  if (deliveredAt === null && counts.unique >= count) deliveredAt = Date.now()
  if (stderr) console.error(`[${sdk}] ${stderr.trim().slice(0, 500)}`)
  return {
    sdk,
    n: count,
    trackS: (tracked - start) / 1000,
    deliveredS: deliveredAt === null ? null : (deliveredAt - start) / 1000,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    lost: count - counts.unique,
    duplicated: counts.total - counts.unique,
    loadAverage: [loadBefore, load1()],
  }
}

const rows: Row[] = []
for (const sdk of SDKS) {
  const row = await bench(sdk)
  rows.push(row)
  console.error(JSON.stringify(row))
}
await sink.close()

const pct = (x: number, of: number) => (of ? ` (${((100 * x) / of).toFixed(1)} %)` : '')
console.log(`Node ${process.version}, ${n} events (RudderStack: ${Math.min(n, RUDDER_N)})\n`)
console.log('| SDK | events | track calls | all delivered | peak RSS | lost | duplicated | load avg |')
console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(
    `| ${r.sdk} | ${r.n} | ${r.trackS.toFixed(2)} s | ${r.deliveredS === null ? 'never' : `${r.deliveredS.toFixed(2)} s`} | ${r.peakRssMb} MB | ${r.lost}${pct(r.lost, r.n)} | ${r.duplicated}${pct(r.duplicated, r.n)} | ${r.loadAverage.join('–')} |`,
  )
}

if (process.env.CEBE_BENCH_RECORD) {
  // Newest run first; earlier runs are kept as they were.
  const file = new URL('../results/sdk.json', import.meta.url)
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]) : []
  const run = {
    ...recordContext(process.env.CEBE_BENCH_RECORD),
    rows,
  }
  writeFileSync(file, `${JSON.stringify([run, ...earlier], null, 2)}\n`)
}
