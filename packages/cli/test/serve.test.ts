import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '@cebe/registry-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/program.js'
import { cebe, withTempDir } from './run-cli.js'

interface Started {
  banner: string
  stderr: string
  url: string
  running: Promise<number>
}

/** Starts `cebe serve` in-process and waits for the line that says `until` (default: listening). */
async function serve(argv: string[], until = /listening on/, timeoutMs = 60_000): Promise<Started> {
  const out: string[] = []
  const err: string[] = []
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk))
    return true
  })
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk))
    return true
  })
  const running = runCli(['serve', '--port', '0', ...argv])
  try {
    // Seconds alone; far more on a loaded machine (the demo's first start stores ~10,000 events).
    await vi.waitFor(() => expect(out.join('')).toMatch(until), { timeout: timeoutMs })
  } catch (error) {
    process.emit('SIGTERM')
    await running
    throw error
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
  const banner = out.join('')
  return { banner, stderr: err.join(''), url: /listening on (http:\/\/\S+)/.exec(banner)![1]!, running }
}

async function stop(started: Started): Promise<void> {
  process.emit('SIGTERM')
  expect(await started.running).toBe(0)
}

const postEmpty = (url: string, key: string) =>
  fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{"events":[]}',
  })

/** How long a `--demo` start may take: it stores the demo data set before it prints the keys. */
const DEMO_START_MS = 120_000

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('cebe serve', () => {
  it('prints where it listens, its store and a key command that works; serves; closes on SIGTERM', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'serve.db')
      const started = await serve(['--db', db])
      try {
        expect(started.banner).toMatch(/store: SQLite .*serve\.db/)
        expect(started.stderr).toContain(`cebe: database SQLite ${db} (from --db)`)
        const hint = /get a write key: (npx cebe keys create .*)$/m.exec(started.banner)?.[1]
        expect(hint).toBe(`npx cebe keys create --company <id> --type write --db ${db} --json`)
        // The printed command, run as printed (minus `npx`), creates a key the server accepts.
        const argv = hint!.replace('<id>', 'co_s').split(' ').slice(2)
        const created = await cebe(...argv)
        expect(created.code).toBe(0)
        expect((await fetch(`${started.url}/healthz`)).status).toBe(200)
        expect((await postEmpty(started.url, JSON.parse(created.stdout).key)).status).toBe(200)
      } finally {
        await stop(started)
      }
    })
  }, 90_000)

  it('and `cebe keys` find the same database through CEBE_DB', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'env.db')
      vi.stubEnv('CEBE_DB', db)
      const started = await serve([])
      try {
        expect(started.stderr).toContain(`cebe: database SQLite ${db} (from CEBE_DB)`)
        const created = await cebe('keys', 'create', '--company', 'co_env', '--type', 'write', '--json')
        expect(created.stderr).toContain(`cebe: database SQLite ${db} (from CEBE_DB)`)
        expect((await postEmpty(started.url, JSON.parse(created.stdout).key)).status).toBe(200)
      } finally {
        await stop(started)
      }
    })
  }, 90_000)

  it(
    '--demo stores the generated demo data set once and reuses its two keys on every restart',
    async () => {
      await withTempDir(async (dir) => {
        const db = join(dir, 'demo.db')
        const printed: string[][] = []
        for (const expected of [
          /demo: [1-9]\d{3,} events stored \(0 already there\)/,
          /demo: 0 events stored \([1-9]\d{3,} already there\)/,
        ]) {
          const started = await serve(['--db', db, '--demo'], /demo read key/, DEMO_START_MS)
          try {
            expect(started.banner).toMatch(expected)
            const writeKey = /demo write key: (\S+)/.exec(started.banner)![1]!
            const readKey = /demo read key \(admin\): (\S+)/.exec(started.banner)![1]!
            printed.push([writeKey, readKey])
            // The console line carries the read key to paste (the console package is built here).
            expect(started.banner).toContain(
              `console: open ${started.url}/console/ and paste the demo read key: ${readKey}`,
            )
            expect((await fetch(`${started.url}/console/`)).status).toBe(200)
            expect((await postEmpty(started.url, writeKey)).status).toBe(200)
            const timeline = await fetch(`${started.url}/v1/customers/cust_0001/timeline`, {
              headers: { authorization: `Bearer ${readKey}` },
            })
            expect(timeline.status).toBe(200)
          } finally {
            await stop(started)
          }
        }
        expect(printed[1]).toEqual(printed[0])
        const store = await openStore({
          databaseUrl: db,
          durability: 'process-crash',
          sqliteCacheMiB: 4,
          sqliteBusyTimeoutMs: 1000,
          postgresPoolSize: 1,
        })
        try {
          expect(await store.listKeys('company_acme')).toHaveLength(2)
        } finally {
          await store.close()
        }
        const file = `${db}.demo-keys.json`
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
          writeKey: printed[0]![0],
          readKey: printed[0]![1],
        })
        expect(statSync(file).mode & 0o077).toBe(0)
      })
    },
    4 * DEMO_START_MS,
  )

  it(
    '--demo mints fresh keys when the saved ones were revoked',
    async () => {
      await withTempDir(async (dir) => {
        const db = join(dir, 'revoked.db')
        const first = await serve(['--db', db, '--demo'], /demo read key/, DEMO_START_MS)
        await stop(first)
        const listed = JSON.parse((await cebe('keys', 'list', '--db', db, '--json')).stdout) as {
          keys: { id: string; type: string }[]
        }
        const writeId = listed.keys.find((k) => k.type === 'write')!.id
        expect((await cebe('keys', 'revoke', writeId, '--db', db)).code).toBe(0)
        const second = await serve(['--db', db, '--demo'], /demo read key/, DEMO_START_MS)
        try {
          const writeKey = /demo write key: (\S+)/.exec(second.banner)![1]!
          expect(writeKey).not.toBe(/demo write key: (\S+)/.exec(first.banner)![1])
          expect(second.banner).toMatch(/demo keys saved in /)
          expect((await postEmpty(second.url, writeKey)).status).toBe(200)
        } finally {
          await stop(second)
        }
        expect(existsSync(`${db}.demo-keys.json`)).toBe(true)
      })
    },
    4 * DEMO_START_MS,
  )

  it('refuses a bad port with exit code 2', async () => {
    const run = await cebe('serve', '--port', 'abc', '--db', ':memory:')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--port/)
  })
})
