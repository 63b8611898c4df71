/**
 * Reads events from one input, streaming, with the line each event starts on. NDJSON is read a
 * line at a time (readline), so a file of any length runs in constant memory; a JSON document (one
 * event, or an array of events, pretty-printed or not) is split into its top-level values as the
 * lines arrive, so only one event is held at a time there too.
 */
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { pointerLines } from './json-locate.js'

export interface InputEvent {
  /** 1-based line where the event starts. */
  line: number
  /** Position in a JSON array; absent for NDJSON lines and single documents. */
  index?: number
  value: unknown
  /** The line of a field, by JSON pointer (its nearest present ancestor when it is missing). */
  lineOf(pointer: string): number
}

export interface InputSyntaxError {
  line: number
  /** What is wrong with the JSON, in a sentence. */
  syntaxError: string
}

export type InputRecord = InputEvent | InputSyntaxError

export interface ReadOptions {
  /** Treat every line as one event, whatever the first line looks like (`.ndjson`, `.jsonl`). */
  ndjson?: boolean
}

/**
 * Yields each event of `input` (or the syntax error that stands in its place). The format is
 * decided by the first non-blank line: a complete JSON value means NDJSON (a one-line array is
 * expanded), an unfinished `{` or `[` means a multi-line JSON document.
 */
export async function* readEvents(input: Readable, options: ReadOptions = {}): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let mode: 'ndjson' | 'document' | undefined = options.ndjson ? 'ndjson' : undefined
  let splitter: DocumentSplitter | undefined
  let lineNumber = 0
  for await (const raw of lines) {
    lineNumber++
    const text = lineNumber === 1 ? stripBom(raw) : raw
    if (mode === undefined) {
      const start = text.trimStart()[0]
      if (start === undefined) continue
      mode = (start === '{' || start === '[') && !parses(text) ? 'document' : 'ndjson'
      if (mode === 'document') splitter = new DocumentSplitter()
    }
    if (splitter) yield* splitter.feed(text, lineNumber)
    else yield* ndjsonLine(text, lineNumber)
  }
  if (splitter) yield* splitter.end()
}

function* ndjsonLine(text: string, line: number): Generator<InputRecord> {
  if (text.trim() === '') return
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    yield { line, syntaxError: syntaxMessage(error) }
    return
  }
  if (!Array.isArray(value)) {
    yield { line, value, lineOf: () => line }
    return
  }
  for (const [index, item] of value.entries()) yield { line, index, value: item, lineOf: () => line }
}

/**
 * Splits a JSON document into top-level values — or, when it is an array, into its elements —
 * by tracking string and bracket state character by character across lines.
 */
class DocumentSplitter {
  #depth = 0
  #inString = false
  #escaped = false
  /** 0 before the document starts; 1 inside a top-level array; -1 after it closed. */
  #arrayState: 0 | 1 | -1 = 0
  #parts: string[] = []
  #startLine = 0
  #capturing = false
  #primitive = false
  #index = 0

  /** Elements of a top-level array sit at depth 1; other top-level values at depth 0. */
  get #level(): number {
    return this.#arrayState === 1 ? 1 : 0
  }

  *feed(text: string, line: number): Generator<InputRecord> {
    let segmentStart = 0
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false
        else if (ch === '\\') this.#escaped = true
        else if (ch === '"') this.#inString = false
        continue
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        if (this.#capturing && this.#primitive && this.#depth === this.#level) {
          yield* this.#finish(text.slice(segmentStart, i))
        }
        continue
      }
      const level = this.#level
      if (this.#arrayState === -1) {
        yield { line, syntaxError: `unexpected ${JSON.stringify(ch)} after the end of the JSON array` }
        return
      }
      if (!this.#capturing && this.#depth === 0 && this.#arrayState === 0 && ch === '[') {
        this.#arrayState = 1
        this.#depth = 1
        continue
      }
      if (!this.#capturing && this.#depth === level) {
        if (this.#arrayState === 1 && ch === ',') continue
        if (this.#arrayState === 1 && ch === ']') {
          this.#arrayState = -1
          this.#depth = 0
          continue
        }
        this.#capturing = true
        this.#primitive = ch !== '{' && ch !== '['
        this.#startLine = line
        segmentStart = i
      }
      if (ch === '"') this.#inString = true
      else if (ch === '{' || ch === '[') this.#depth++
      else if (ch === '}' || ch === ']' || ch === ',') {
        if (this.#primitive && this.#depth === level) {
          yield* this.#finish(text.slice(segmentStart, i))
          if (ch === ']' && this.#arrayState === 1) {
            this.#arrayState = -1
            this.#depth = 0
          }
          continue
        }
        if (ch !== ',') this.#depth--
        if (this.#depth === level && ch !== ',') yield* this.#finish(text.slice(segmentStart, i + 1))
      }
    }
    if (this.#capturing) {
      if (this.#primitive && this.#depth === this.#level) yield* this.#finish(text.slice(segmentStart))
      else this.#parts.push(`${text.slice(segmentStart)}\n`)
    }
  }

  *end(): Generator<InputRecord> {
    if (this.#capturing || this.#arrayState === 1) {
      yield {
        line: this.#capturing ? this.#startLine : 1,
        syntaxError: 'unexpected end of input: a JSON value that starts here is never closed',
      }
    }
  }

  *#finish(last: string): Generator<InputRecord> {
    const text = this.#parts.join('') + last
    const startLine = this.#startLine
    const index = this.#arrayState === 0 ? undefined : this.#index++
    this.#parts = []
    this.#capturing = false
    this.#primitive = false
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      yield { line: startLine, syntaxError: syntaxMessage(error) }
      return
    }
    let lines: Map<string, number> | undefined
    const lineOf = (pointer: string): number => {
      lines ??= pointerLines(text, startLine)
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const found = lines.get(p)
        if (found !== undefined || p === '') return found ?? startLine
      }
    }
    yield { line: startLine, ...(index !== undefined && { index }), value, lineOf }
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function syntaxMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message
}
