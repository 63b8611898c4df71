/**
 * Splits a byte stream into NDJSON lines with their 1-based numbers, without holding more than
 * one line: a line longer than `maxLineBytes` is reported as `tooLong` and skipped up to its end
 * instead of being buffered. Lines come in arrays, one per chunk of the stream: a consumer loops
 * over them synchronously instead of awaiting once per line, and a line inside one chunk is
 * decoded from it directly, without a copy.
 */
import type { Readable } from 'node:stream'

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true }

const NEWLINE = 10

export async function* ndjsonLines(stream: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine[]> {
  // The start of the current line when it began in an earlier chunk.
  let carried: Buffer[] = []
  let carriedSize = 0
  let overflow = false
  let line = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const lines: NdjsonLine[] = []
    let start = 0
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start)
      const pieceEnd = end === -1 ? chunk.length : end
      if (!overflow) {
        carriedSize += pieceEnd - start
        if (carriedSize > maxLineBytes) {
          overflow = true
          carried = []
        } else if (end === -1 && pieceEnd > start) carried.push(chunk.subarray(start, pieceEnd))
      }
      if (end === -1) break
      line++
      if (overflow) lines.push({ line, tooLong: true })
      else if (carried.length === 0) lines.push({ line, text: chunk.toString('utf8', start, end) })
      else {
        carried.push(chunk.subarray(start, end))
        lines.push({ line, text: Buffer.concat(carried).toString('utf8') })
      }
      carried = []
      carriedSize = 0
      overflow = false
      start = end + 1
    }
    if (lines.length > 0) yield lines
  }
  if (carriedSize > 0 || overflow) {
    line++
    yield [overflow ? { line, tooLong: true } : { line, text: Buffer.concat(carried).toString('utf8') }]
  }
}
