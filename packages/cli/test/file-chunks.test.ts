/** The backfill's file reader: chunks of whole lines, cut at newlines however the file is read. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fileChunks, type LineChunk } from '../src/backfill/file-chunks.js'
import { withTempDir } from './run-cli.js'

async function chunksOf(path: string, maxLines: number, maxBytes: number, readBytes: number) {
  const chunks: LineChunk[] = []
  for await (const chunk of fileChunks(path, { maxLines, maxBytes, readBytes })) chunks.push(chunk)
  return chunks
}

describe('fileChunks', () => {
  it('gives every line once, in whole-line chunks within the limits, numbered from 1', async () => {
    const line = fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '😀', ' ', '\r'), maxLength: 9 })
    await withTempDir(async (dir) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(line, { maxLength: 30 }),
          fc.boolean(),
          fc.integer({ min: 1, max: 7 }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 16 }),
          async (lines, finalNewline, maxLines, maxBytes, readBytes) => {
            const text = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '')
            const path = join(dir, 'h.ndjson')
            writeFileSync(path, text)
            const chunks = await chunksOf(path, maxLines, maxBytes, readBytes)
            const expected = text === '' ? [] : text.replace(/\n$/, '').split('\n')
            expect(Buffer.concat(chunks.map((c) => c.body)).toString()).toBe(
              expected.map((l) => `${l}\n`).join(''),
            )
            let next = 1
            for (const chunk of chunks) {
              expect(chunk.firstLine).toBe(next)
              expect(chunk.lineCount).toBeLessThanOrEqual(maxLines)
              // Over the byte limit only when one line alone is.
              if (chunk.lineCount > 1) expect(chunk.body.length - 1).toBeLessThan(maxBytes + 40)
              for (let n = 1; n <= chunk.lineCount; n++) {
                expect(chunk.lineText(n)).toBe(expected[next + n - 2]!.replace(/\r$/, ''))
              }
              next += chunk.lineCount
            }
            expect(next - 1).toBe(expected.length)
          },
        ),
        { numRuns: 300 },
      )
    })
  })

  it('reads .gz files the same way', async () => {
    await withTempDir(async (dir) => {
      const text = Array.from({ length: 50 }, (_, i) => `{"i":${i}}`).join('\n')
      writeFileSync(join(dir, 'h.ndjson.gz'), gzipSync(text))
      const chunks = await chunksOf(join(dir, 'h.ndjson.gz'), 20, 1 << 20, 64)
      expect(chunks.map((c) => [c.firstLine, c.lineCount])).toEqual([
        [1, 20],
        [21, 20],
        [41, 10],
      ])
      expect(chunks[2]!.lineText(10)).toBe('{"i":49}')
    })
  })
})
