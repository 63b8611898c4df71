/**
 * Rejected lines go to a reject file — one JSON object per line with the file, line, errors and
 * the original text — so a backfill never stops on a bad line and the rejects can be fixed and
 * re-sent. The first few are also printed as `file:line: path message`.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import type { ChunkResponse } from './chunk-upload.js'

const PRINTED = 20

export class RejectFile {
  readonly path: string
  #stream: WriteStream | undefined
  #count = 0

  constructor(
    path: string,
    readonly source: string,
  ) {
    this.path = path
  }

  get count(): number {
    return this.#count
  }

  /** Records a chunk's rejects; `lineText(n)` is the chunk's `n`th line, `firstLine` the file line of the first. */
  async add(
    rejects: ChunkResponse['rejects'],
    lineText: (n: number) => string,
    firstLine: number,
  ): Promise<void> {
    for (const r of rejects) {
      this.#count++
      const line = firstLine + r.line - 1
      this.#stream ??= createWriteStream(this.path)
      const record = {
        file: this.source,
        line,
        event_id: r.event_id,
        errors: r.errors,
        text: lineText(r.line),
      }
      if (!this.#stream.write(`${JSON.stringify(record)}\n`)) {
        await new Promise<void>((resolve) => this.#stream!.once('drain', () => resolve()))
      }
      if (this.#count <= PRINTED) {
        for (const e of r.errors)
          process.stderr.write(`${this.source}:${line}: ${e.path || '/'} ${e.message}\n`)
      }
    }
  }

  async close(): Promise<void> {
    if (this.#count > PRINTED) process.stderr.write(`… ${this.#count - PRINTED} more rejected lines\n`)
    if (!this.#stream) return
    const stream = this.#stream
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    process.stderr.write(`${this.#count} rejected lines written to ${this.path}\n`)
  }
}
