/**
 * Reads an NDJSON file (`.gz` is decompressed) as chunks of whole lines for `POST /v1/backfill`,
 * each with the file line its first line is on, streaming: one chunk in memory at a time.
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

export interface LineChunk {
  /** File line number of the chunk's first line (1-based). */
  firstLine: number
  lines: string[]
  /** File bytes read so far (compressed bytes for .gz), for progress. */
  bytesRead: number
}

export interface ChunkLimits {
  maxLines: number
  maxBytes: number
}

export async function* fileChunks(path: string, limits: ChunkLimits): AsyncGenerator<LineChunk> {
  const file = createReadStream(path)
  let bytesRead = 0
  file.on('data', (chunk) => {
    bytesRead += chunk.length
  })
  let input: Readable = file
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip()
    file.on('error', (error) => gunzip.destroy(error))
    input = file.pipe(gunzip)
  }
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let lines: string[] = []
  let bytes = 0
  let lineNo = 0
  let firstLine = 1
  for await (const line of reader) {
    lineNo++
    lines.push(line)
    bytes += line.length + 1
    if (lines.length >= limits.maxLines || bytes >= limits.maxBytes) {
      yield { firstLine, lines, bytesRead }
      firstLine = lineNo + 1
      lines = []
      bytes = 0
    }
  }
  if (lines.length > 0) yield { firstLine, lines, bytesRead }
}
