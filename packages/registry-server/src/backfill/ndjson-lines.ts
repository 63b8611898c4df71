/**
 * Splits a byte stream into NDJSON lines with their 1-based numbers, without holding more than
 * one line: a line longer than `maxLineBytes` is reported as `tooLong` and skipped up to its end
 * instead of being buffered.
 */
import type { Readable } from 'node:stream'

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true }

export async function* ndjsonLines(stream: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = []
  let size = 0
  let overflow = false
  let line = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0
    for (;;) {
      const end = chunk.indexOf(10, start)
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end)
      if (!overflow) {
        size += piece.length
        if (size > maxLineBytes) {
          overflow = true
          parts = []
        } else if (piece.length > 0) parts.push(piece)
      }
      if (end === -1) break
      line++
      yield overflow ? { line, tooLong: true } : { line, text: Buffer.concat(parts).toString('utf8') }
      parts = []
      size = 0
      overflow = false
      start = end + 1
    }
  }
  if (size > 0 || overflow) {
    line++
    yield overflow ? { line, tooLong: true } : { line, text: Buffer.concat(parts).toString('utf8') }
  }
}
