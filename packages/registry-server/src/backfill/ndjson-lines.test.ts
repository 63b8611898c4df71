import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type NdjsonLine, ndjsonLines } from './ndjson-lines.js'

async function split(chunks: Buffer[], maxLineBytes: number): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = []
  for await (const lines of ndjsonLines(Readable.from(chunks), maxLineBytes)) out.push(...lines)
  return out
}

/** The lines of `text` as the splitter must report them, numbered from 1. */
function expected(text: string, maxLineBytes: number): NdjsonLine[] {
  const parts = text.split('\n')
  if (parts.at(-1) === '') parts.pop()
  return parts.map((part, i) =>
    Buffer.byteLength(part) > maxLineBytes ? { line: i + 1, tooLong: true } : { line: i + 1, text: part },
  )
}

/** `bytes` cut at the given offsets (sorted, de-duplicated, inside the buffer). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let from = 0
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point))
    from = Math.max(from, point)
  }
  return chunks
}

describe('ndjsonLines', () => {
  it('gives the same lines however the stream is cut into chunks, multi-byte characters included', async () => {
    const lineText = fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '€', '😀', ' '), maxLength: 12 })
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineText, { maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 4, max: 40 }),
        async (lines, trailingNewline, offsets, maxLineBytes) => {
          const text = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '')
          const bytes = Buffer.from(text, 'utf8')
          expect(await split(cut(bytes, offsets), maxLineBytes)).toEqual(expected(text, maxLineBytes))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('reports a line over the limit once, by number, and goes on with the next', async () => {
    const long = 'x'.repeat(100)
    const chunks = [Buffer.from(`{"a":1}\n${long.slice(0, 30)}`), Buffer.from(`${long.slice(30)}\n{"b":2}`)]
    expect(await split(chunks, 50)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"b":2}' },
    ])
  })
})
