/** `cebe backfill` against a real server (SQLite, port 0): summary, rejects with file:line, resume. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { generateApiKey, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { gzipsChunks } from '../src/backfill/chunk-upload.js'
import { cebe, withTempDir } from './run-cli.js'

function history(n: number): string[] {
  const example = getCatalog().find((e) => e.name === 'campaign.sent')!.example as Record<string, unknown>
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      ...example,
      event_id: `hist-${i}`,
      company_id: 'co_h',
      qontak_customer_id: `cust_${i % 5}`,
      event_timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }),
  )
}

describe('chunk compression', () => {
  it('gzips unless the server is on a loopback address, or as told', () => {
    expect(gzipsChunks('http://127.0.0.1:8080', 'auto')).toBe(false)
    expect(gzipsChunks('http://127.8.9.10', 'auto')).toBe(false)
    expect(gzipsChunks('http://localhost:3000/', 'auto')).toBe(false)
    expect(gzipsChunks('http://[::1]:8080', 'auto')).toBe(false)
    expect(gzipsChunks('https://cebe.example.com', 'auto')).toBe(true)
    expect(gzipsChunks('http://10.0.0.5:8080', 'auto')).toBe(true)
    expect(gzipsChunks('http://127.0.0.1:8080', 'gzip')).toBe(true)
    expect(gzipsChunks('https://cebe.example.com', 'none')).toBe(false)
  })
})

describe('cebe backfill', () => {
  it('loads a file in chunks, writes rejects with file:line, and resumes without storing twice', async () => {
    await withTempDir(async (dir) => {
      const server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
      try {
        const writer = generateApiKey('write')
        await server.store.createKey({
          ...writer,
          companyId: 'co_h',
          type: 'write',
          modules: ['campaign'],
          role: null,
          name: null,
        })
        const lines = history(120)
        lines.splice(9, 0, '{"broken"')
        lines.splice(
          60,
          0,
          JSON.stringify({ ...JSON.parse(lines[0]!), event_id: 'other-co', company_id: 'co_x' }),
        )
        const file = join(dir, 'history.ndjson')
        writeFileSync(file, `${lines.join('\n')}\n`)
        const api = ['--endpoint', server.url, '--key', writer.key, '--chunk-lines', '25']

        const first = await cebe('backfill', file, ...api, '--json')
        expect(first.code).toBe(1)
        expect(JSON.parse(first.stdout.trim().split('\n').at(-1)!)).toEqual({
          accepted: 120,
          duplicates: 0,
          rejected: 2,
        })
        expect(first.stderr).toContain(`${file}:10: / not JSON`)
        expect(first.stderr).toContain(`${file}:61: /company_id`)
        const rejects = readFileSync(`${file}.rejects.ndjson`, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
        expect(rejects.map((r) => [r.line, r.text])).toEqual([
          [10, '{"broken"'],
          [61, lines[60]],
        ])
        expect(await server.store.countEvents('co_h')).toBe(120)

        // Resuming (or re-running) a finished file stores nothing twice; gzip input works too.
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file)))
        const again = await cebe('backfill', `${file}.gz`, ...api, '--rejects', join(dir, 'r.ndjson'))
        expect(again.stdout).toMatch(/^0 accepted, 120 duplicates \(already stored\), 2 rejected in/)
        expect(await server.store.countEvents('co_h')).toBe(120)

        const clean = join(dir, 'clean.ndjson')
        writeFileSync(clean, history(130).slice(120).join('\n'))
        // The server is local, so chunks go uncompressed by default; gzip is still a choice.
        const ok = await cebe('backfill', clean, ...api, '--json', '--compress', 'gzip')
        expect(ok.code).toBe(0)
        expect(JSON.parse(ok.stdout)).toEqual({ accepted: 10, duplicates: 0, rejected: 0 })
        const wrong = await cebe('backfill', clean, ...api, '--compress', 'brotli')
        expect(wrong.code).toBe(2)
        expect(wrong.stderr).toContain('--compress must be one of auto, gzip, none, not "brotli"')
      } finally {
        await server.close()
      }
    })
  })

  it('stops with a resume hint when the server cannot be reached', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'h.ndjson')
      writeFileSync(file, history(3).join('\n'))
      const run = await cebe(
        'backfill',
        file,
        '--endpoint',
        'http://127.0.0.1:9',
        '--key',
        'k',
        '--retries',
        '1',
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/cannot reach .*Re-run to resume/)
      expect((await cebe('backfill', join(dir, 'missing.ndjson'), '--key', 'k')).stderr).toMatch(
        /cannot read/,
      )
    })
  })
})
