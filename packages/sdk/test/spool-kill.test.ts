/**
 * A producer with a spool is killed with SIGKILL mid-delivery, behind a faulty network; a new
 * client on the same spool directory replays. Every event whose `track` returned is stored
 * exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { type CebeError, createClient } from '../src/index.js'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import { startSink } from './support/sink-server.js'
import { clientOptionsFor, type Sink, storedExactlyOnce, waitFor } from './support/target.js'

const producer = fileURLToPath(new URL('./support/spool-producer.ts', import.meta.url))
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe.each(['never', 'interval', 'always'] as const)('spool with fsync %s', (fsync) => {
  it('loses nothing that track accepted when the producer is killed with SIGKILL', async () => {
    const sink: Sink = await startSink()
    const proxy: FaultProxy = await startFaultProxy(sink.url, (i) =>
      i % 4 === 1
        ? { kind: 'status', status: 503 }
        : i % 4 === 3
          ? { kind: 'reset-after-forward' }
          : { kind: 'pass' },
    )
    const work = mkdtempSync(join(tmpdir(), 'cebe-spool-kill-'))
    const dir = join(work, 'spool')
    const idsFile = join(work, 'tracked.txt')
    cleanups.push(
      () => rmSync(work, { recursive: true, force: true }),
      () => sink.close(),
      () => proxy.close(),
    )

    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', producer], {
      env: {
        ...process.env,
        CEBE_ENDPOINT: proxy.url,
        CEBE_WRITE_KEY: sink.writeKey,
        CEBE_SPOOL_DIR: dir,
        CEBE_FSYNC: fsync,
        CEBE_IDS_FILE: idsFile,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    cleanups.push(() => void child.kill('SIGKILL'))
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
    const trackedSoFar = () => {
      try {
        return readFileSync(idsFile, 'utf8').split('\n').length - 1
      } catch {
        return 0
      }
    }
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    )

    await waitFor(
      () => trackedSoFar() > 3000 && sink.storeLog.length > 1000,
      () =>
        `producer progress: ${trackedSoFar()} tracked, ${sink.storeLog.length} stored, ${proxy.requests} requests (${stderr.slice(0, 500)})`,
      60_000,
    )
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    // Only complete lines: each one was written after its track() returned.
    const tracked = readFileSync(idsFile, 'utf8').split('\n').slice(0, -1)
    expect(tracked.length).toBeGreaterThan(3000)
    const before = await storedExactlyOnce(sink, tracked)
    expect(before.missing.length).toBeGreaterThan(0)
    expect(before.duplicated).toEqual([])

    const errors: CebeError[] = []
    const restarted = createClient({
      ...clientOptionsFor(sink),
      spool: { dir, fsync },
      onError: (e) => errors.push(e),
    })
    expect(restarted.stats.queued).toBeGreaterThanOrEqual(before.missing.length)
    const report = await restarted.shutdown({ timeoutMs: 30_000 })
    expect(report.pending).toBe(0)
    expect(errors).toEqual([])
    const after = await storedExactlyOnce(sink, tracked)
    expect(after.missing).toEqual([])
    expect(after.duplicated).toEqual([])
    // The one track() the kill interrupted may have reached the spool before its id reached the file.
    expect(after.extra.length).toBeLessThanOrEqual(1)
    expect(readdirSync(dir)).toEqual([])
  })
})
