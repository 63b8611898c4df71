/**
 * The optional durable spool: every accepted event is appended to a local log file before
 * `track` returns, and its id to the segment's ack file once it is settled (acknowledged,
 * rejected as invalid, or dropped and reported). A segment whose events are all settled is
 * deleted. After a crash, `open` replays every unsettled event; the server dedups on event_id,
 * so an event acked just before the crash and replayed is stored once.
 *
 * Files, one pair per segment: `seg-000000000001.log` (NDJSON events) and `seg-….ack` (ids).
 * `writeSync` puts the bytes in the OS page cache, which survives the process (`kill -9`);
 * `fsync` makes them survive the machine, at the cost the `fsync` policy chooses.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { ResolvedSpool } from './config.js'
import { SENT_AT_BYTES } from './envelope.js'
import type { QueueItem } from './queue.js'

interface Segment {
  readonly seq: number
  fd: number | undefined
  ackFd: number | undefined
  bytes: number
  /** Events appended (or replayed) and not yet settled. */
  outstanding: number
  dirty: boolean
}

export interface SpoolOpenResult {
  spool: Spool
  /** Unsettled events from earlier runs, oldest first. */
  replay: QueueItem[]
  /** Lines that could not be parsed: a write torn by a crash, before `track` had returned. */
  tornLines: number
}

export class Spool {
  readonly #config: ResolvedSpool
  readonly #segments = new Map<number, Segment>()
  #active: Segment | undefined
  #nextSeq: number
  #timer: NodeJS.Timeout | undefined
  #closed = false

  private constructor(config: ResolvedSpool, nextSeq: number) {
    this.#config = config
    this.#nextSeq = nextSeq
    if (config.fsync === 'interval') {
      this.#timer = setInterval(() => this.sync(), config.fsyncIntervalMs)
      this.#timer.unref()
    }
  }

  /**
   * ```ts
   * const { spool, replay } = Spool.open({ dir: '/var/lib/my-service/cebe', fsync: 'interval', fsyncIntervalMs: 1000, segmentBytes: 8 << 20 })
   * ```
   */
  static open(config: ResolvedSpool): SpoolOpenResult {
    mkdirSync(config.dir, { recursive: true })
    const seqs = readdirSync(config.dir)
      .map((name) => /^seg-(\d+)\.log$/.exec(name)?.[1])
      .filter((seq): seq is string => seq !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
    const spool = new Spool(config, (seqs.at(-1) ?? 0) + 1)
    const replay: QueueItem[] = []
    let tornLines = 0
    for (const seq of seqs) {
      const result = spool.#load(seq, replay)
      tornLines += result
    }
    return { spool, replay, tornLines }
  }

  /** Appends one event; returns its segment. Synchronous on purpose: it is on disk when `track` returns. */
  append(json: string): number {
    let segment = this.#active
    if (!segment || segment.bytes >= this.#config.segmentBytes) segment = this.#rotate()
    const line = `${json}\n`
    const bytes = writeSync(segment.fd!, line)
    segment.bytes += bytes
    segment.outstanding++
    if (this.#config.fsync === 'always') fsyncSync(segment.fd!)
    else segment.dirty = true
    return segment.seq
  }

  /** Marks events settled; deletes segments with nothing left to deliver. */
  settle(items: readonly Pick<QueueItem, 'id' | 'segment'>[]): void {
    if (this.#closed) return
    const bySegment = new Map<number, string[]>()
    for (const item of items) {
      if (item.segment === undefined) continue
      const ids = bySegment.get(item.segment)
      if (ids) ids.push(item.id)
      else bySegment.set(item.segment, [item.id])
    }
    for (const [seq, ids] of bySegment) {
      const segment = this.#segments.get(seq)
      if (!segment) continue
      segment.outstanding -= ids.length
      if (segment.outstanding <= 0) {
        this.#remove(segment)
        continue
      }
      segment.ackFd ??= openSync(this.#path(seq, 'ack'), 'a')
      writeSync(segment.ackFd, `${ids.join('\n')}\n`)
    }
  }

  /** Fsyncs what was appended since the last sync. */
  sync(): void {
    for (const segment of this.#segments.values()) {
      if (!segment.dirty || segment.fd === undefined) continue
      segment.dirty = false
      try {
        fsyncSync(segment.fd)
      } catch {
        // The next append reports a broken disk; a periodic sync has no caller to tell.
      }
    }
  }

  /** Segments on disk and the events they still hold. */
  get stats(): { segments: number; outstanding: number } {
    let outstanding = 0
    for (const segment of this.#segments.values()) outstanding += segment.outstanding
    return { segments: this.#segments.size, outstanding }
  }

  close(): void {
    if (this.#closed) return
    this.sync()
    this.#closed = true
    if (this.#timer) clearInterval(this.#timer)
    for (const segment of this.#segments.values()) this.#closeFiles(segment)
  }

  #load(seq: number, replay: QueueItem[]): number {
    const acked = new Set<string>()
    const ackPath = this.#path(seq, 'ack')
    if (existsSync(ackPath)) for (const id of readFileSync(ackPath, 'utf8').split('\n')) if (id) acked.add(id)
    const text = readFileSync(this.#path(seq, 'log'), 'utf8')
    const segment: Segment = {
      seq,
      fd: undefined,
      ackFd: undefined,
      bytes: text.length,
      outstanding: 0,
      dirty: false,
    }
    let torn = 0
    for (const line of text.split('\n')) {
      if (!line) continue
      let id: unknown
      try {
        id = (JSON.parse(line) as { event_id?: unknown }).event_id
      } catch {
        torn++
        continue
      }
      if (typeof id !== 'string' || acked.has(id)) continue
      acked.add(id)
      segment.outstanding++
      replay.push({ id, json: line, bytes: Buffer.byteLength(line) + SENT_AT_BYTES, segment: seq })
    }
    this.#segments.set(seq, segment)
    if (segment.outstanding === 0) this.#remove(segment)
    return torn
  }

  #rotate(): Segment {
    const seq = this.#nextSeq++
    const segment: Segment = {
      seq,
      fd: openSync(this.#path(seq, 'log'), 'a'),
      ackFd: undefined,
      bytes: 0,
      outstanding: 0,
      dirty: false,
    }
    this.#segments.set(seq, segment)
    this.#active = segment
    return segment
  }

  #remove(segment: Segment): void {
    // An emptied active segment goes too; the next append starts a new one.
    if (segment === this.#active) this.#active = undefined
    this.#closeFiles(segment)
    this.#segments.delete(segment.seq)
    for (const kind of ['log', 'ack'] as const) {
      try {
        unlinkSync(this.#path(segment.seq, kind))
      } catch {
        // Already gone.
      }
    }
  }

  #closeFiles(segment: Segment): void {
    if (segment.fd !== undefined) closeSync(segment.fd)
    if (segment.ackFd !== undefined) closeSync(segment.ackFd)
    segment.fd = undefined
    segment.ackFd = undefined
  }

  #path(seq: number, kind: 'log' | 'ack'): string {
    return join(this.#config.dir, `seg-${String(seq).padStart(12, '0')}.${kind}`)
  }
}
