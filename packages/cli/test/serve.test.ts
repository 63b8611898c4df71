import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/program.js'
import { cebe, withTempDir } from './run-cli.js'

describe('cebe serve', () => {
  it('prints where it listens, its store and how to get a key; serves; closes on SIGTERM', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'serve.db')
      const key = JSON.parse(
        (await cebe('keys', 'create', '--company', 'co_s', '--type', 'write', '--db', db, '--json')).stdout,
      ).key
      const out: string[] = []
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        out.push(String(chunk))
        return true
      })
      const running = runCli(['serve', '--db', db, '--port', '0'])
      try {
        await vi.waitFor(() => expect(out.join('')).toMatch(/listening on/), { timeout: 20_000 })
      } finally {
        stdout.mockRestore()
      }
      const banner = out.join('')
      expect(banner).toMatch(/store: SQLite .*serve\.db/)
      expect(banner).toMatch(/cebe keys create --company <id> --type write --db /)
      const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{"events":[]}',
      })
      expect(res.status).toBe(200)
      process.emit('SIGTERM')
      expect(await running).toBe(0)
    })
  })

  it('--demo stores the generated demo data set once and prints working keys', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'demo.db')
      for (const expected of [
        /demo: [1-9]\d{3,} events stored \(0 already there\)/,
        /demo: 0 events stored \([1-9]\d{3,} already there\)/,
      ]) {
        const out: string[] = []
        const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
          out.push(String(chunk))
          return true
        })
        const running = runCli(['serve', '--db', db, '--port', '0', '--demo'])
        try {
          // ~10,000 events go through validation and commit first; a loaded CI box needs the margin.
          await vi.waitFor(() => expect(out.join('')).toMatch(/demo read key/), { timeout: 90_000 })
        } finally {
          stdout.mockRestore()
        }
        const banner = out.join('')
        expect(banner).toMatch(expected)
        const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!
        const writeKey = /demo write key: (\S+)/.exec(banner)![1]!
        const res = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
          body: '{"events":[]}',
        })
        expect(res.status).toBe(200)
        process.emit('SIGTERM')
        expect(await running).toBe(0)
      }
    })
  }, 240_000)

  it('refuses a bad port with exit code 2', async () => {
    const run = await cebe('serve', '--port', 'abc', '--db', ':memory:')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--port/)
  })
})
