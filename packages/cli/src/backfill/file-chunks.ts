/**
 * Reads an NDJSON file (`.gz` is decompressed) as chunks of whole lines for `POST /v1/backfill`,
 * each with the file line its first line is on, streaming: one chunk in memory at a time. Chunks
 * stay bytes — cut at newlines, never decoded — since the server parses every line anyway; only
 * a rejected line's text is decoded, for the reject file.
 */
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

export interface LineChunk {
  /** File line number of the chunk's first line (1-based). */
  firstLine: number
  /** How many lines the chunk holds. */
  lineCount: number
  /** The lines, each ending in a newline. */
  body: Buffer
  /** File bytes read so far (compressed bytes for .gz), for progress. */
  bytesRead: number
  /** The text of the chunk's `n`th line (1-based), without its line ending; '' past the end. */
  lineText(n: number): string
}

export interface ChunkLimits {
  maxLines: number
  maxBytes: number
  /** Bytes per read from the file (tests make it small to cut lines across reads). */
  readBytes?: number
}

const NEWLINE = 10
const READ_BYTES = 1024 * 1024

export async function* fileChunks(path: string, limits: ChunkLimits): AsyncGenerator<LineChunk> {
  const readBytes = limits.readBytes ?? READ_BYTES
  const file = createReadStream(path, { highWaterMark: readBytes })
  let bytesRead = 0
  file.on('data', (data) => {
    bytesRead += data.length
  })
  let input: Readable = file
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip({ chunkSize: Math.max(readBytes, 64) })
    file.on('error', (error) => gunzip.destroy(error))
    input = file.pipe(gunzip)
  }
  // The chunk being built: earlier pieces of it, then the current buffer from `from` on.
  let pieces: Buffer[] = []
  let piecesBytes = 0
  let lines = 0
  let firstLine = 1
  for await (const data of input as AsyncIterable<Buffer>) {
    let from = 0
    let at = 0
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE, at)) {
      at = newline + 1
      lines++
      if (lines >= limits.maxLines || piecesBytes + (at - from) >= limits.maxBytes) {
        pieces.push(data.subarray(from, at))
        yield chunkOf(Buffer.concat(pieces), firstLine, lines, bytesRead)
        firstLine += lines
        lines = 0
        pieces = []
        piecesBytes = 0
        from = at
      }
    }
    if (from < data.length) {
      pieces.push(data.subarray(from))
      piecesBytes += data.length - from
    }
  }
  if (piecesBytes === 0) return
  let body = Buffer.concat(pieces)
  // A last line without a newline is still a line.
  if (body[body.length - 1] !== NEWLINE) {
    body = Buffer.concat([body, Buffer.from('\n')])
    lines++
  }
  if (lines > 0) yield chunkOf(body, firstLine, lines, bytesRead)
}

function chunkOf(body: Buffer, firstLine: number, lineCount: number, bytesRead: number): LineChunk {
  return {
    firstLine,
    lineCount,
    body,
    bytesRead,
    lineText(n) {
      let start = 0
      for (let i = 1; i < n; i++) {
        start = body.indexOf(NEWLINE, start) + 1
        if (start === 0) return ''
      }
      const end = body.indexOf(NEWLINE, start)
      return body.toString('utf8', start, end === -1 ? body.length : end).replace(/\r$/, '')
    },
  }
}
