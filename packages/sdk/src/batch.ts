/**
 * One request's worth of events. `tryAdd` says which named limit stopped it, so the client can
 * send a full batch at once and the tests can see why a batch closed.
 *
 * A batch is open (it holds its events' strings) or sealed: `seal` joins the events into the final
 * request body, stamps `sent_at`, gzips it synchronously at level 1 and drops the strings, so a
 * full batch that cannot be sent yet holds ~10× less memory. A sealed batch is sent as is (the same
 * bytes on every attempt); `items` decodes it again for the rare paths that need every event
 * (drop-oldest eviction, a 413 split, a drop or rejection report, shutdown's unsent list).
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import { sentAtMember, withSentAt } from './envelope.js'
import type { QueueItem } from './queue-item.js'
import { encodeBody, GZIP_LEVEL } from './transport.js'

export type BatchLimit = 'events' | 'bytes'

export type AddResult = { ok: true } | { ok: false; limit: BatchLimit }

export interface BatchLimits {
  maxEvents: number
  maxBytes: number
}

export type Compression = 'gzip' | 'none'

export interface EncodedBody {
  body: Uint8Array
  contentEncoding: 'gzip' | 'identity'
}

/** What the spool needs to settle an event. */
export type SettleKey = Pick<QueueItem, 'id' | 'segment'>

interface Sealed extends EncodedBody {
  /** Ids and spool segments, kept only when the events are spooled, so each ack settles without decoding. */
  keys: SettleKey[] | undefined
}

/** `{"events":[` + `]}`. */
const FRAMING_BYTES = 13

/**
 * ```ts
 * const batch = new Batch({ maxEvents: 500, maxBytes: 512 * 1024 })
 * while (queue.peek() && batch.tryAdd(queue.peek()!).ok) queue.shift()
 * const { body, contentEncoding } = await batch.encode('gzip') // stamps sent_at on first use
 * ```
 */
export class Batch {
  readonly #limits: BatchLimits
  #items: QueueItem[] | undefined = []
  #sealed: Sealed | undefined
  #length = 0
  #bytes = FRAMING_BYTES
  /** The `sent_at` member, fixed when the batch is sealed or first encoded, so every retry sends the same bytes. */
  #sentAt: string | undefined

  constructor(limits: BatchLimits, items: readonly QueueItem[] = [], sentAt?: string) {
    this.#limits = limits
    this.#sentAt = sentAt
    for (const item of items) this.#append(item)
  }

  get length(): number {
    return this.#length
  }

  /** UTF-8 bytes of the uncompressed request body (`toJson`). */
  get bytes(): number {
    return this.#bytes
  }

  /** The sum of the events' `bytes`: what the batch counts for in the queue's byte bound. */
  get eventBytes(): number {
    return this.#bytes - FRAMING_BYTES - Math.max(0, this.#length - 1)
  }

  get sealed(): boolean {
    return this.#sealed !== undefined
  }

  /** The `sent_at` member once fixed (sealed or first encoded), else `undefined`. */
  get sentAt(): string | undefined {
    return this.#sentAt
  }

  /** Bytes held for the body of a sealed batch (compressed when gzip), 0 while open. */
  get sealedBytes(): number {
    return this.#sealed?.body.byteLength ?? 0
  }

  /** The events, oldest first. Decodes a sealed batch (and keeps the result while the batch lives). */
  get items(): QueueItem[] {
    if (this.#items) return this.#items
    this.#items = decode(this.#sealed!, this.#sentAt!)
    return this.#items
  }

  /** Id and spool segment of each event, without decoding a sealed batch. */
  get settleKeys(): readonly SettleKey[] {
    if (this.#items) return this.#items
    return this.#sealed!.keys ?? []
  }

  tryAdd(item: QueueItem): AddResult {
    if (this.#sealed) throw new Error('Batch.tryAdd on a sealed batch')
    if (this.#length >= this.#limits.maxEvents) return { ok: false, limit: 'events' }
    const extra = item.bytes + (this.#length > 0 ? 1 : 0)
    // An empty batch takes any one event: the 32 KB event limit is far below every batch limit.
    if (this.#length > 0 && this.#bytes + extra > this.#limits.maxBytes) return { ok: false, limit: 'bytes' }
    this.#append(item)
    return { ok: true }
  }

  isFull(): boolean {
    return this.#length >= this.#limits.maxEvents
  }

  /** The request body; `sentAt` is the member built once per batch so every retry sends the same bytes. */
  toJson(sentAt: string): string {
    const items = this.items
    let body = '{"events":['
    for (let i = 0; i < items.length; i++) {
      if (i > 0) body += ','
      body += withSentAt(items[i]!.json, sentAt)
    }
    return `${body}]}`
  }

  /**
   * Stamps `sent_at` (now, unless already fixed), builds the final body, compresses it
   * synchronously (gzip level 1, ~0.4 ms for 280 KB) and drops the events' strings.
   */
  seal(compression: Compression, now: Date = new Date()): void {
    if (this.#sealed) return
    const items = this.#items!
    this.#sentAt ??= sentAtMember(now)
    const json = this.toJson(this.#sentAt)
    const body = compression === 'gzip' ? gzipSync(json, { level: GZIP_LEVEL }) : Buffer.from(json)
    const spooled = items.length > 0 && items[0]!.segment !== undefined
    this.#sealed = {
      body,
      contentEncoding: compression === 'gzip' ? 'gzip' : 'identity',
      keys: spooled ? items.map(({ id, segment }) => ({ id, segment })) : undefined,
    }
    this.#items = undefined
  }

  /** The body to send: a sealed batch's own; an open batch's built now (stamping `sent_at` on first use). */
  async encode(compression: Compression, now: Date = new Date()): Promise<EncodedBody> {
    if (this.#sealed) return this.#sealed
    this.#sentAt ??= sentAtMember(now)
    return encodeBody(this.toJson(this.#sentAt), compression)
  }

  /** Two open halves, for a 413 answer; each keeps the batch's `sent_at`, so every event keeps its bytes. */
  split(): [Batch, Batch] {
    const items = this.items
    const middle = Math.ceil(items.length / 2)
    return [
      new Batch(this.#limits, items.slice(0, middle), this.#sentAt),
      new Batch(this.#limits, items.slice(middle), this.#sentAt),
    ]
  }

  #append(item: QueueItem): void {
    this.#bytes += item.bytes + (this.#length > 0 ? 1 : 0)
    this.#items!.push(item)
    this.#length++
  }
}

/**
 * A sealed body back to its events, exactly as they were queued: each event is the output of
 * `JSON.stringify`, which `JSON.stringify(JSON.parse(…))` reproduces byte for byte, minus the
 * `sent_at` member the batch appended.
 */
function decode(sealed: Sealed, sentAt: string): QueueItem[] {
  const raw = sealed.contentEncoding === 'gzip' ? gunzipSync(sealed.body) : sealed.body
  const { events } = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')) as {
    events: unknown[]
  }
  const items: QueueItem[] = []
  for (let i = 0; i < events.length; i++) {
    const withMember = JSON.stringify(events[i])
    const json = `${withMember.slice(0, withMember.length - sentAt.length)}}`
    const bytes = Buffer.byteLength(withMember)
    const segment = sealed.keys?.[i]?.segment
    items.push(
      segment === undefined
        ? { id: String((events[i] as { event_id: unknown }).event_id), json, bytes }
        : { id: sealed.keys![i]!.id, json, bytes, segment },
    )
  }
  return items
}
