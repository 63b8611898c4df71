import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cebe, withTempDir } from './run-cli.js'

const LINES = 1_000_000
/** A leak check, not a speed assertion: reading the whole ~330 MB file into memory would exceed it. */
const MAX_RSS_GROWTH = 100 * 1024 * 1024

const event = (i: number) =>
  `{"event_id":"e${i}","event_name":"campaign.replied","company_id":"c","company_sso_id":"s",` +
  `"qontak_customer_id":"cust_${i % 1000}","actor":{"type":"customer"},"event_timestamp":"2026-11-27T03:15:00Z",` +
  `"source_module":"campaign","trigger_from":"user","event_attributes":{"campaign_id":"c1","template_id":"t1","channel":"whatsapp"}}\n`

async function writeLines(path: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) if (!out.write(line(i))) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

describe('cebe validate on a large NDJSON file', () => {
  it(`streams ${LINES.toLocaleString('en')} lines in bounded memory`, { timeout: 180_000 }, () =>
    withTempDir(async (dir) => {
      const big = join(dir, 'big.ndjson')
      await writeLines(big, LINES, (i) =>
        i === LINES - 1 ? '{"event_name": "campaign.replied"}\n' : event(i),
      )
      // Warm up: compile the schema once so the measurement sees the stream, not the first compile.
      await writeFile(join(dir, 'small.ndjson'), event(0))
      expect((await cebe('validate', join(dir, 'small.ndjson'))).code).toBe(0)

      global.gc?.()
      const before = process.memoryUsage().rss
      let peak = before
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss)
      }, 20)
      const run = await cebe('validate', big).finally(() => clearInterval(sampler))
      peak = Math.max(peak, process.memoryUsage().rss)

      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `${big}:${LINES}: campaign.replied /event_id: required field "event_id" is missing`,
      )
      expect(run.stdout).toMatch(
        new RegExp(`✗ 1 of ${LINES} events invalid \\(\\d+ errors?\\) in 1 file\\n$`),
      )
      expect(peak - before).toBeLessThan(MAX_RSS_GROWTH)
    }),
  )
})
