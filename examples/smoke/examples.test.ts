/**
 * Every example, run as a squad would run it, against a real `cebe serve` on SQLite in a temp dir:
 * each must exit 0 with every event acknowledged; the ads job run twice must store nothing twice.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const examples = fileURLToPath(new URL('..', import.meta.url))
const cli = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url))

let dir: string
let server: ChildProcess
let endpoint: string
let writeKey: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cebe-examples-'))
  const db = join(dir, 'cebe.db')
  server = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  endpoint = await new Promise<string>((resolve, reject) => {
    let output = ''
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    server.once('exit', (code) => reject(new Error(`cebe serve exited with ${code}: ${output}`)))
  })
  const { stdout } = await run(process.execPath, [
    cli,
    ...['keys', 'create', '--company', 'company_acme', '--type', 'write', '--db', db, '--json'],
  ])
  writeKey = JSON.parse(stdout).key
})

afterAll(async () => {
  if (server?.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
  }
  rmSync(dir, { recursive: true, force: true })
})

/** Runs an example's script and returns its last stdout line as JSON. */
async function runExample(example: string, args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', ...args], {
    cwd: join(examples, example),
    env: { ...process.env, CEBE_ENDPOINT: endpoint, CEBE_WRITE_KEY: writeKey, NODE_ENV: 'production' },
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

describe('examples against cebe serve', () => {
  it('cdp-service sends its customer and segment events', async () => {
    const report = await runExample('cdp-service', ['src/cdp-service.ts'])
    expect(report).toMatchObject({ sent: 4, rejected: 0, dropped: 0, pending: 0 })
  })

  it('broadcast-squad sends a whole campaign and drains on shutdown', async () => {
    const report = await runExample('broadcast-squad', ['src/broadcast-squad.ts'])
    expect(report).toMatchObject({ sent: 204, rejected: 0, dropped: 0, pending: 0 })
  })

  it('ads-spend-sync stores each export row once, even when the job runs twice', async () => {
    const args = ['src/ads-spend-sync.ts', 'data/meta-export-2026-11-26.json']
    const first = await runExample('ads-spend-sync', args)
    expect(first).toMatchObject({ stored: 8, duplicates: 0, rejected: 0, pending: 0 })
    const second = await runExample('ads-spend-sync', args)
    expect(second).toMatchObject({ stored: 0, duplicates: 8, rejected: 0, pending: 0 })
  })

  it('ci-validation passes its fixtures and fails the broken ones with file:line', async () => {
    const cwd = join(examples, 'ci-validation')
    // Through the example's own npm script, i.e. the installed `cebe` bin, as a squad's CI runs it.
    const ok = await run('npm', ['run', '--silent', 'validate'], { cwd })
    expect(ok.stdout).toMatch(/5 events valid/)
    const failed = await run(process.execPath, [cli, 'validate', 'fixtures/invalid/broken-events.ndjson'], {
      cwd,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stdout).toContain(
      'fixtures/invalid/broken-events.ndjson:1: campaign.replied /source_module',
    )
  })
})
