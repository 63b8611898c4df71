/** `cebe demo` writes the seeded data set as NDJSON that `cebe backfill` loads without a reject. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateApiKey, startServer } from '@cebe/registry-server'
import { SOURCE_MODULES } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { cebe, withTempDir } from './run-cli.js'

describe('cebe demo', () => {
  it('writes the same file twice and it backfills cleanly', async () => {
    await withTempDir(async (dir) => {
      const a = join(dir, 'a.ndjson')
      const b = join(dir, 'b.ndjson')
      expect((await cebe('demo', '--customers', '20', '--days', '60', '--out', a)).code).toBe(0)
      expect((await cebe('demo', '--customers', '20', '--days', '60', '--out', b)).code).toBe(0)
      const text = readFileSync(a, 'utf8')
      expect(text).toBe(readFileSync(b, 'utf8'))
      const lines = text.trim().split('\n')
      expect(lines.length).toBeGreaterThan(300)

      const server = await startServer({ databaseUrl: join(dir, 'cebe.db'), port: 0, logLevel: false })
      try {
        const writer = generateApiKey('write')
        await server.store.createKey({
          ...writer,
          companyId: 'company_acme',
          type: 'write',
          modules: [...SOURCE_MODULES],
          role: null,
          name: null,
        })
        const run = await cebe('backfill', a, '--endpoint', server.url, '--key', writer.key, '--json')
        expect(run.stderr).toBe('')
        expect(JSON.parse(run.stdout)).toEqual({ accepted: lines.length, duplicates: 0, rejected: 0 })
        const aggregates = await server.store.customerAggregates('company_acme', 'cust_0001')
        expect(aggregates.find((x) => x.eventName === 'customer.created')?.count).toBe(1)
      } finally {
        await server.close()
      }
    })
  })

  it('refuses bad numbers', async () => {
    expect((await cebe('demo', '--customers', '0')).stderr).toMatch(/--customers/)
  })
})
