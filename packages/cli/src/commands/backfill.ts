/**
 * `cebe backfill <file.ndjson> --endpoint --key`: streams a history file to `POST /v1/backfill`
 * in chunks (gzipped unless the server is on this machine; several uploads in flight while the
 * next chunk is read), with a progress bar, rejects written to a reject file, and a summary.
 * Re-running after an interruption resumes: events already stored come back as duplicates.
 */
import { statSync } from 'node:fs'
import type { Command } from 'commander'
import { type ApiFlags, addApiOptions } from '../api-client.js'
import {
  CHUNK_COMPRESSIONS,
  type ChunkCompression,
  type ChunkResponse,
  chunkBody,
  gzipsChunks,
  uploadChunk,
} from '../backfill/chunk-upload.js'
import { fileChunks, type LineChunk } from '../backfill/file-chunks.js'
import { startProgress } from '../backfill/progress-display.js'
import { RejectFile } from '../backfill/reject-file.js'
import { CliError } from '../cli-error.js'

interface BackfillFlags extends ApiFlags {
  json?: boolean
  rejects?: string
  chunkLines: string
  retries: string
  progress: boolean
  compress: string
  uploads: string
}

export function registerBackfill(program: Command): void {
  addApiOptions(
    program
      .command('backfill')
      .description('load historical events from an NDJSON file (.gz too); resumable, fires no webhooks')
      .argument('<file>', 'NDJSON, one event per line (.ndjson, .jsonl, .gz)')
      .option('--rejects <path>', 'where rejected lines go (default: <file>.rejects.ndjson)')
      .option('--chunk-lines <n>', 'lines per request', '5000')
      .option('--retries <n>', 'attempts per chunk on 429/5xx/network errors', '8')
      // 1M lines into a local SQLite server: 2 → 48k, 3 → 52k, 4 → 54k events/s (bench/README.md).
      .option('--uploads <n>', 'requests in flight at once', '4')
      .option(
        '--compress <how>',
        'gzip each request: auto (yes, unless the server is on this machine), gzip, none',
        'auto',
      )
      .option('--no-progress', 'no progress bar (it is off anyway when stderr is not a terminal)')
      .option('--json', 'print a final JSON summary line {"accepted","duplicates","rejected"}'),
    'a write key',
  ).action(async (file: string, flags: BackfillFlags) => {
    let size: number
    try {
      size = statSync(file).size
    } catch {
      throw new CliError(`cannot read ${file}`)
    }
    if (!flags.key) throw new CliError('give the write key with --key or CEBE_KEY')
    const maxLines = positive(flags.chunkLines, '--chunk-lines')
    const uploads = positive(flags.uploads, '--uploads')
    if (!CHUNK_COMPRESSIONS.includes(flags.compress as ChunkCompression)) {
      throw new CliError(
        `--compress must be one of ${CHUNK_COMPRESSIONS.join(', ')}, not "${flags.compress}"`,
      )
    }
    const target = {
      endpoint: flags.endpoint,
      gzip: gzipsChunks(flags.endpoint, flags.compress as ChunkCompression),
      key: flags.key,
      attempts: positive(flags.retries, '--retries'),
      baseDelayMs: 500,
    }
    const rejects = new RejectFile(flags.rejects ?? `${file.replace(/\.gz$/, '')}.rejects.ndjson`, file)
    const progress = startProgress(size, flags.progress && !flags.json)
    const total = { accepted: 0, duplicates: 0, rejected: 0 }
    const started = Date.now()
    const settle = async (chunk: LineChunk, response: ChunkResponse) => {
      total.accepted += response.accepted
      total.duplicates += response.duplicates
      total.rejected += response.rejected
      await rejects.add(response.rejects, (n) => chunk.lineText(n), chunk.firstLine)
      progress.update(chunk.bytesRead, total.accepted + total.duplicates + total.rejected)
    }
    // Several uploads in flight: while the server commits one request's rows it is already
    // parsing the next ones, instead of idling between requests. Results are settled in file order.
    const inFlight: Promise<void>[] = []
    let settled = Promise.resolve()
    try {
      for await (const chunk of fileChunks(file, { maxLines, maxBytes: 4 * 1024 * 1024 })) {
        const body = await chunkBody(chunk.body, target.gzip)
        if (inFlight.length >= uploads) await inFlight.shift()
        const upload = uploadChunk(target, body)
        upload.catch(() => undefined)
        settled = settled.then(async () => settle(chunk, await upload))
        settled.catch(() => undefined)
        inFlight.push(settled)
      }
      await Promise.all(inFlight)
    } finally {
      progress.stop()
      await rejects.close()
    }
    const seconds = (Date.now() - started) / 1000
    if (flags.json) process.stdout.write(`${JSON.stringify(total)}\n`)
    else {
      const rate = Math.round((total.accepted + total.duplicates) / Math.max(seconds, 0.001))
      process.stdout.write(
        `${total.accepted} accepted, ${total.duplicates} duplicates (already stored), ${total.rejected} rejected in ${seconds.toFixed(1)} s (${rate} events/s)\n`,
      )
    }
    if (total.rejected > 0) process.exitCode = 1
  })
}

function positive(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer`)
  return n
}
