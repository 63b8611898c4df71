/**
 * The console's first view: the gzipped JavaScript a first visit downloads, and how long the
 * overview takes on the demo data in Chromium — from opening /console/ to the sign-in form, from
 * "Sign in" to the KPI tiles (interactive) and to every chart drawn. A fresh browser context per
 * run (empty cache), against a real `cebe serve --demo` with the built console.
 *
 *   npm run build && npm run console -w @cebe/bench   # table on stdout; bench/results/console.json
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { recordContext } from '../record-context.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIST = join(ROOT, 'packages/console/dist')
const CLI = join(ROOT, 'packages/cli/dist/cli.js')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const RUNS = Number(process.env.CEBE_BENCH_RUNS ?? 7)
const BUDGET_GZIP_BYTES = 300 * 1024
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
]

/** Every script and stylesheet index.html loads, and what each module script imports statically. */
function firstViewAssets(): { js: string[]; css: string[] } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1]!)
  const js = new Set(refs.filter((r) => r.endsWith('.js')))
  for (const file of [...js]) {
    const source = readFileSync(join(DIST, file), 'utf8')
    for (const m of source.matchAll(/from"\.\/([^"]+\.js)"/g)) js.add(`assets/${m[1]}`)
  }
  return { js: [...js], css: refs.filter((r) => r.endsWith('.css')) }
}

const gzipped = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f))).length, 0)

async function startDemo(db: string): Promise<{ url: string; key: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      const key = /demo read key \(admin\): (\S+)/.exec(out)?.[1]
      if (url && key && /^console: open /m.test(out)) resolve({ url, key, child })
    })
    child.once('exit', (code) => reject(new Error(`cebe serve exited with ${code}: ${out}`)))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no console build in ${DIST}: run npm run build`)
  const assets = firstViewAssets()
  const jsGzip = gzipped(assets.js)
  const cssGzip = gzipped(assets.css)
  const dir = await mkdtemp(join(tmpdir(), 'cebe-console-bench-'))
  const demo = await startDemo(join(dir, 'demo.db'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  const runs: { signInFormMs: number; overviewInteractiveMs: number; chartsDrawnMs: number }[] = []
  try {
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } })
      const page = await context.newPage()
      const opened = performance.now()
      await page.goto(`${demo.url}/console/`)
      await page.getByLabel('Read key').waitFor()
      const signInFormMs = performance.now() - opened
      await page.getByLabel('Read key').fill(demo.key)
      const submitted = performance.now()
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.locator('.tile[data-metric]').first().waitFor({ timeout: 60_000 })
      const overviewInteractiveMs = performance.now() - submitted
      await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 8, null, {
        timeout: 60_000,
        polling: 10,
      })
      const chartsDrawnMs = performance.now() - submitted
      await context.close()
      if (run > 0) runs.push({ signInFormMs, overviewInteractiveMs, chartsDrawnMs }) // run 0 warms the server
    }
  } finally {
    await browser.close()
    demo.child.kill('SIGTERM')
    await new Promise((done) => demo.child.once('exit', done))
    await rm(dir, { recursive: true, force: true })
  }
  const summary = (pick: (r: (typeof runs)[number]) => number) => ({
    medianMs: Math.round(median(runs.map(pick))),
    bestMs: Math.round(Math.min(...runs.map(pick))),
  })
  const record = {
    ...recordContext('console first view on the demo data'),
    bundle: {
      jsFiles: assets.js,
      jsGzipBytes: jsGzip,
      cssGzipBytes: cssGzip,
      budgetGzipBytes: BUDGET_GZIP_BYTES,
    },
    runs: runs.length,
    /** 1-minute load average at the end: the machine is shared, and timings move with it. */
    loadAverage1m: Number(loadavg()[0]!.toFixed(1)),
    signInForm: summary((r) => r.signInFormMs),
    overviewInteractive: summary((r) => r.overviewInteractiveMs),
    chartsDrawn: summary((r) => r.chartsDrawnMs),
  }
  writeFileSync(join(ROOT, 'bench/results/console.json'), `${JSON.stringify(record, null, 2)}\n`)
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  console.log(
    `first-view JS ${kb(jsGzip)} gzipped (budget ${kb(BUDGET_GZIP_BYTES)}), CSS ${kb(cssGzip)} gzipped`,
  )
  console.log(`${runs.length} runs, 1-minute load average ${record.loadAverage1m}`)
  console.log('| step | median | best |\n| --- | --- | --- |')
  console.log(
    `| open /console/ → sign-in form | ${record.signInForm.medianMs} ms | ${record.signInForm.bestMs} ms |`,
  )
  console.log(
    `| sign in → overview KPI tiles (interactive) | ${record.overviewInteractive.medianMs} ms | ${record.overviewInteractive.bestMs} ms |`,
  )
  console.log(
    `| sign in → all 8 charts drawn | ${record.chartsDrawn.medianMs} ms | ${record.chartsDrawn.bestMs} ms |`,
  )
  if (jsGzip > BUDGET_GZIP_BYTES) process.exitCode = 1
}

await main()
