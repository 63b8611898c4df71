/**
 * Group commit (ADR 0101): requests hand their rows to one committer; everything that arrives
 * while a transaction is being written goes into the next one. One transaction, one fsync, for
 * many requests — and each request is answered only after the transaction holding its rows has
 * committed. Beyond `maxPendingEvents` waiting, new requests are refused (429) rather than queued,
 * and each company gets a fair share of that room, so one tenant's burst cannot refuse the others.
 */
import { isUnavailableError, ServerError, storeUnavailable } from '../errors.js'
import type { EventLog, EventRow, RowOutcome } from '../storage/store.js'

export interface GroupCommitOptions {
  maxPendingEvents: number
  maxEventsPerCommit: number
  maxCommitsInFlight: number
  /** Called after each successful transaction with its rows, their outcomes and its duration. */
  onCommit?: (
    rows: readonly EventRow[],
    outcomes: readonly RowOutcome[],
    seconds: number,
    committedAt: number,
  ) => void
}

interface Waiter {
  tenant: string
  rows: readonly EventRow[]
  resolve: (outcomes: RowOutcome[]) => void
  reject: (error: unknown) => void
}

export class GroupCommitter {
  readonly #queue: Waiter[] = []
  #pending = 0
  readonly #pendingByTenant = new Map<string, number>()
  #inFlight = 0
  #scheduled = false
  #idle: (() => void)[] = []

  constructor(
    readonly log: Pick<EventLog, 'commit'>,
    readonly options: GroupCommitOptions,
  ) {}

  /** Events accepted for writing but not yet committed. */
  get pending(): number {
    return this.#pending
  }

  /** `tenant`: the company whose share the rows count against. */
  submit(rows: readonly EventRow[], tenant = ''): Promise<RowOutcome[]> {
    if (rows.length === 0) return Promise.resolve([])
    const mine = this.#pendingByTenant.get(tenant) ?? 0
    const overGlobal = this.#pending > 0 && this.#pending + rows.length > this.options.maxPendingEvents
    if (overGlobal || (mine > 0 && mine + rows.length > this.#shareOf(tenant))) {
      return Promise.reject(
        new ServerError(
          'overloaded',
          429,
          overGlobal
            ? 'the server is busy writing; retry after the delay'
            : "your company's events already fill its share of the write queue; retry after the delay",
          undefined,
          { retryAfterSeconds: 1 },
        ),
      )
    }
    this.#pending += rows.length
    this.#pendingByTenant.set(tenant, mine + rows.length)
    return new Promise((resolve, reject) => {
      this.#queue.push({ tenant, rows, resolve, reject })
      this.#schedule()
    })
  }

  /**
   * The room one company may hold: the limit split between the companies waiting now plus one
   * more, so a company that shows up next still finds room. A company alone gets half.
   */
  #shareOf(tenant: string): number {
    const others = this.#pendingByTenant.size - (this.#pendingByTenant.has(tenant) ? 1 : 0)
    return Math.floor(this.options.maxPendingEvents / (others + 2))
  }

  /** Resolves once everything submitted so far is committed or failed. */
  drain(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0 || this.#inFlight >= this.options.maxCommitsInFlight)
      return
    this.#scheduled = true
    // setImmediate lets every request parsed in this turn of the event loop join the transaction.
    setImmediate(() => {
      this.#scheduled = false
      void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    const group: Waiter[] = []
    let size = 0
    while (
      this.#queue.length > 0 &&
      (group.length === 0 || size + this.#queue[0]!.rows.length <= this.options.maxEventsPerCommit)
    ) {
      const waiter = this.#queue.shift()!
      group.push(waiter)
      size += waiter.rows.length
    }
    if (group.length === 0) return
    this.#inFlight++
    this.#schedule()
    try {
      await this.#write(group)
    } finally {
      this.#inFlight--
      this.#pending -= size
      for (const waiter of group) {
        const left = (this.#pendingByTenant.get(waiter.tenant) ?? 0) - waiter.rows.length
        if (left > 0) this.#pendingByTenant.set(waiter.tenant, left)
        else this.#pendingByTenant.delete(waiter.tenant)
      }
      if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve()
      this.#schedule()
    }
  }

  async #write(group: Waiter[]): Promise<void> {
    const rows = group.length === 1 ? group[0]!.rows : group.flatMap((w) => w.rows)
    const started = performance.now()
    try {
      const outcomes = await this.log.commit(rows, { receivedAt: Date.now() })
      this.options.onCommit?.(rows, outcomes, (performance.now() - started) / 1000, Date.now())
      let offset = 0
      for (const waiter of group) {
        waiter.resolve(outcomes.slice(offset, offset + waiter.rows.length))
        offset += waiter.rows.length
      }
    } catch (error) {
      if (isUnavailableError(error)) {
        for (const waiter of group) waiter.reject(storeUnavailable(error))
      } else if (group.length > 1) {
        // Not an outage: write each request alone so one bad request cannot fail the others.
        for (const waiter of group) await this.#write([waiter])
      } else {
        group[0]!.reject(error)
      }
    }
  }
}
