/**
 * The in-memory queue: FIFO, bounded by event count and by bytes. It never grows past its
 * bounds; what to do when an event does not fit is the overflow policy, decided here for the
 * two drop policies and by the client for `wait`.
 *
 * Three parts, oldest first: `head`, events decoded from a sealed batch that drop-oldest reached
 * into (at most one batch's worth); `sealed`, full batches compressed while they wait for a free
 * slot in flight (see batch.ts); `tail`, the events tracked since, one by one. The bounds count
 * every event wherever it sits, and bytes as *uncompressed* wire bytes (each event's `bytes`),
 * so whether an event is admitted never depends on when batches happened to be sealed; a sealed
 * batch holds ~1/10 of the bytes it counts for.
 */
import { Batch, type BatchLimits } from './batch.js'
import type { QueueItem } from './queue-item.js'

export type { QueueItem } from './queue-item.js'

export type OfferResult =
  | { queued: true; evicted: readonly QueueItem[] }
  /** No room and the policy does not evict: the caller drops (or waits for) the item. */
  | { queued: false }

export interface QueueLimits {
  maxEvents: number
  maxBytes: number
}

/** The common answer, shared: `offer` runs once per `track` and allocates nothing when it fits. */
const QUEUED: OfferResult = Object.freeze({ queued: true, evicted: Object.freeze([]) })
const REFUSED: OfferResult = Object.freeze({ queued: false })

/** An array used as a FIFO: shifting moves an index, and the array is compacted now and then. */
class Fifo<T> {
  #items: T[] = []
  #head = 0

  get length(): number {
    return this.#items.length - this.#head
  }

  push(value: T): void {
    this.#items.push(value)
  }

  peek(): T | undefined {
    return this.#items[this.#head]
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined
    const value = this.#items[this.#head]!
    this.#items[this.#head] = undefined as T
    this.#head++
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head >= 4096 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return value
  }

  drain(): T[] {
    const values = this.#items.slice(this.#head)
    this.#items = []
    this.#head = 0
    return values
  }
}

/**
 * ```ts
 * const queue = new EventQueue({ maxEvents: 100_000, maxBytes: 64 * 1024 * 1024 })
 * const result = queue.offer(item, 'drop-oldest') // { queued: true, evicted: [...] }
 * const batch = queue.next({ maxEvents: 500, maxBytes: 512 * 1024 }, false) // a full batch, or undefined
 * ```
 */
export class EventQueue {
  readonly #limits: QueueLimits
  readonly #head = new Fifo<QueueItem>()
  readonly #sealed = new Fifo<Batch>()
  readonly #tail = new Fifo<QueueItem>()
  #length = 0
  #bytes = 0
  #tailBytes = 0
  #sealedBytes = 0

  constructor(limits: QueueLimits) {
    this.#limits = limits
  }

  /** Events queued, sealed or not. */
  get length(): number {
    return this.#length
  }

  /** Uncompressed wire bytes of the events queued, sealed or not. */
  get bytes(): number {
    return this.#bytes
  }

  /** Events after every sealed batch: what the next batch formed from single events would take. */
  get tailLength(): number {
    return this.#tail.length
  }

  get tailBytes(): number {
    return this.#tailBytes
  }

  /** Sealed batches waiting. */
  get sealedBatches(): number {
    return this.#sealed.length
  }

  /** Bytes the sealed batches actually hold (compressed with gzip). */
  get sealedBytes(): number {
    return this.#sealedBytes
  }

  /** Whether an event of `bytes` fits now. */
  fits(bytes: number): boolean {
    return this.#length < this.#limits.maxEvents && this.#bytes + bytes <= this.#limits.maxBytes
  }

  offer(item: QueueItem, policy: 'drop-newest' | 'drop-oldest'): OfferResult {
    if (this.fits(item.bytes)) {
      this.#push(item)
      return QUEUED
    }
    if (policy === 'drop-newest' || item.bytes > this.#limits.maxBytes) return REFUSED
    const evicted: QueueItem[] = []
    while (!this.fits(item.bytes)) evicted.push(this.shift()!)
    this.#push(item)
    return { queued: true, evicted }
  }

  /** Adds an item past the bounds (spool replay: the events are already on disk). */
  force(item: QueueItem): void {
    this.#push(item)
  }

  /**
   * The oldest events as one batch, or `undefined`: the decoded head (any size), else the oldest
   * sealed batch, else events from the tail, when they fill a batch or `partial` allows less.
   */
  next(limits: BatchLimits, partial: boolean): Batch | undefined {
    if (this.#head.length > 0) return this.#take(this.#head, limits)
    const sealed = this.#shiftSealed()
    if (sealed) {
      this.#length -= sealed.length
      this.#bytes -= sealed.eventBytes
      return sealed
    }
    if (this.#tail.length === 0 || !(partial || this.tailFull(limits))) return undefined
    return this.#take(this.#tail, limits)
  }

  /** Whether the tail holds at least one full batch. */
  tailFull(limits: BatchLimits): boolean {
    return this.#tail.length >= limits.maxEvents || this.#tailBytes >= limits.maxBytes
  }

  /** Seals the oldest full batch of tail events (see `Batch.seal`); it stays queued, in order. */
  sealTail(limits: BatchLimits, compression: 'gzip' | 'none'): Batch {
    const batch = this.#take(this.#tail, limits)
    batch.seal(compression)
    this.#sealed.push(batch)
    this.#sealedBytes += batch.sealedBytes
    this.#length += batch.length
    this.#bytes += batch.eventBytes
    return batch
  }

  /** Empties the queue and returns what it held, sealed batches decoded. */
  drain(): QueueItem[] {
    const items = [...this.#head.drain()]
    for (const batch of this.#sealed.drain()) items.push(...batch.items)
    items.push(...this.#tail.drain())
    this.#length = 0
    this.#bytes = 0
    this.#tailBytes = 0
    this.#sealedBytes = 0
    return items
  }

  #push(item: QueueItem): void {
    this.#tail.push(item)
    this.#length++
    this.#bytes += item.bytes
    this.#tailBytes += item.bytes
  }

  /**
   * Removes the oldest event. Reaching into a sealed batch decodes it into the head, so further
   * evictions are O(1); its remaining events go out first, in a new batch with a new `sent_at`
   * (it was never sent). The head holds at most one batch's events.
   */
  shift(): QueueItem | undefined {
    if (this.#head.length === 0) {
      const sealed = this.#shiftSealed()
      if (sealed) for (const item of sealed.items) this.#head.push(item)
    }
    const fromHead = this.#head.length > 0
    const item = fromHead ? this.#head.shift() : this.#tail.shift()
    if (!item) return undefined
    this.#length--
    this.#bytes -= item.bytes
    if (!fromHead) this.#tailBytes -= item.bytes
    return item
  }

  #shiftSealed(): Batch | undefined {
    const batch = this.#sealed.shift()
    if (batch) this.#sealedBytes -= batch.sealedBytes
    return batch
  }

  #take(from: Fifo<QueueItem>, limits: BatchLimits): Batch {
    const batch = new Batch(limits)
    for (let item = from.peek(); item && batch.tryAdd(item).ok; item = from.peek()) from.shift()
    this.#length -= batch.length
    this.#bytes -= batch.eventBytes
    if (from === this.#tail) this.#tailBytes -= batch.eventBytes
    return batch
  }
}
