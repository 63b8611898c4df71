/**
 * Endpoint down for the whole run while 1,000,000 events are tracked: memory stays within the
 * configured queue bounds (20,000 events / 16 MiB) and every drop is counted and reported.
 * Runs in a child process so the RSS measured is the producer's alone, with a 64 MB V8 heap:
 * an SDK that kept the events would die of heap exhaustion long before 1M (~600 MB of events).
 */
import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

interface Stats {
  tracked: number
  dropped: number
  queued: number
  queuedBytes: number
  inFlightEvents: number
  sent: number
}

const producer = fileURLToPath(new URL('./support/memory-producer.ts', import.meta.url))

/** A port nobody listens on: bind it, then close it. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('memory under a full outage', () => {
  it('1,000,000 events with the endpoint down: bounded RSS, every drop reported', async () => {
    const port = await deadPort()
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', producer],
      {
        env: { ...process.env, CEBE_ENDPOINT: `http://127.0.0.1:${port}` },
        maxBuffer: 1024 * 1024,
      },
    )
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      total: number
      baseline: number
      peak: number
      during: Stats
      after: Stats
      reportedDrops: number
      unsent: number
    }
    const MB = 1024 * 1024
    // The queue may hold 16 MiB of events; unbounded, 1M events would need ~600 MB.
    expect((result.peak - result.baseline) / MB).toBeLessThan(100)
    expect(result.during.tracked).toBe(1_000_000)
    expect(result.during.sent).toBe(0)
    expect(result.during.queued).toBeLessThanOrEqual(20_000)
    expect(result.during.queuedBytes).toBeLessThanOrEqual(16 * MB)
    expect(result.during.dropped + result.during.queued + result.during.inFlightEvents).toBe(1_000_000)
    expect(result.during.dropped).toBeGreaterThan(900_000)
    // Every event ends dropped or unsent at shutdown, and every one of them reached onError.
    expect(result.after.dropped + result.unsent).toBe(1_000_000)
    expect(result.reportedDrops).toBe(1_000_000)
  }, 600_000) // a million events in a child process: minutes on a heavily loaded 2-core machine
})
