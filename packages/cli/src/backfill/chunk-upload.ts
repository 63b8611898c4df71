/**
 * Sends one chunk of NDJSON lines to `POST /v1/backfill`, gzip-compressed unless the server is on
 * this machine, and retries what a retry can fix — network errors, 429 and 5xx, honouring Retry-After — since a re-sent chunk is
 * idempotent (stored events come back as duplicates).
 */
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import { CliError } from '../cli-error.js'

const gzipAsync = promisify(gzip)

export interface ChunkResponse {
  lines: number
  accepted: number
  duplicates: number
  rejected: number
  rejects: {
    line: number
    event_id: string | null
    errors: { path: string; code: string; message: string }[]
  }[]
  rejects_truncated: boolean
}

/** `auto`: gzip, except to a loopback address, where compressing only costs both sides CPU. */
export type ChunkCompression = 'auto' | 'gzip' | 'none'

export const CHUNK_COMPRESSIONS: readonly ChunkCompression[] = ['auto', 'gzip', 'none']

/** Whether chunks for `endpoint` are gzipped under `choice`. */
export function gzipsChunks(endpoint: string, choice: ChunkCompression): boolean {
  if (choice !== 'auto') return choice === 'gzip'
  let host: string
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return true
  }
  return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))
}

export interface UploadTarget {
  endpoint: string
  /** Gzip each chunk (`Content-Encoding: gzip`). */
  gzip: boolean
  key: string
  /** Attempts per chunk before giving up. */
  attempts: number
  /** First retry delay, doubled each time (tests shorten it). */
  baseDelayMs: number
}

/** The request body of a chunk of lines: gzipped (fastest level: the network is rarely the limit) when asked. */
export async function chunkBody(lines: Buffer, gzip: boolean): Promise<Buffer> {
  return gzip ? gzipAsync(lines, { level: 1 }) : lines
}

export async function uploadChunk(target: UploadTarget, body: Buffer): Promise<ChunkResponse> {
  const url = `${target.endpoint.replace(/\/+$/, '')}/v1/backfill`
  let last = ''
  for (let attempt = 1; attempt <= target.attempts; attempt++) {
    let retryAfterMs: number | undefined
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${target.key}`,
          'content-type': 'application/x-ndjson',
          ...(target.gzip && { 'content-encoding': 'gzip' }),
        },
        body,
      })
      const text = await response.text()
      if (response.ok) return JSON.parse(text) as ChunkResponse
      const error = parseError(text)
      last = `${response.status}${error ? ` ${error}` : ''}`
      if (response.status !== 429 && response.status < 500) {
        throw new CliError(`POST /v1/backfill answered ${last}`, 1)
      }
      const header = response.headers.get('retry-after')
      if (header && /^\d+$/.test(header)) retryAfterMs = Number(header) * 1000
    } catch (error) {
      if (error instanceof CliError) throw error
      const code = (error as { cause?: { code?: string } }).cause?.code
      last = `cannot reach ${target.endpoint}${code ? ` (${code})` : ''}`
    }
    if (attempt < target.attempts) {
      const backoff = target.baseDelayMs * 2 ** (attempt - 1)
      await new Promise((r) => setTimeout(r, Math.max(backoff, retryAfterMs ?? 0)))
    }
  }
  throw new CliError(
    `gave up after ${target.attempts} attempts: ${last}. Re-run to resume: stored events are skipped.`,
    1,
  )
}

function parseError(text: string): string | undefined {
  try {
    const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error
    return error ? `${error.code}: ${error.message}` : undefined
  } catch {
    return undefined
  }
}
