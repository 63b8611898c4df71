/**
 * @cebe/sdk/testing — a real client for squads' unit tests whose transport keeps events in
 * memory instead of posting them. Every delivered event is validated as the server would, so a
 * test fails on an event production would reject.
 *
 * ```ts
 * import { createTestClient } from '@cebe/sdk/testing'
 * const cebe = createTestClient({ sourceModule: 'campaign' })
 * await handleReply(cebe, reply)
 * await cebe.assertTracked('campaign.replied', { qontak_customer_id: 'cust_1' })
 * ```
 */
import { AssertionError } from 'node:assert'
import { gunzipSync } from 'node:zlib'
import {
  type CebeEvent,
  type EventName,
  type SourceModule,
  type ValidationError,
  validateEvent,
} from '@cebe/schemas'
import { CebeClient } from './client.js'
import type { ClientOptions } from './config.js'
import type { Transport, TransportRequest, TransportResponse } from './transport.js'

export interface RejectedCapture {
  event: unknown
  errors: ValidationError[]
}

export interface MemoryTransport extends Transport {
  /** Valid events, once each, in arrival order. */
  readonly events: CebeEvent[]
  /** Events the server would have rejected, with why. */
  readonly rejected: RejectedCapture[]
  /** Requests received. */
  readonly requests: number
  clear(): void
}

/**
 * A transport that answers like `POST /v1/events`: per-event validation, dedup on
 * (company_id, event_id), `{ accepted, duplicates, rejected }`.
 *
 * ```ts
 * const transport = createMemoryTransport()
 * const cebe = createClient({ ...options, transport })
 * ```
 */
export function createMemoryTransport(): MemoryTransport {
  const events: CebeEvent[] = []
  const rejectedEvents: RejectedCapture[] = []
  const seen = new Set<string>()
  let requests = 0
  return {
    events,
    rejected: rejectedEvents,
    get requests() {
      return requests
    },
    clear() {
      events.length = 0
      rejectedEvents.length = 0
      seen.clear()
    },
    async send(request: TransportRequest): Promise<TransportResponse> {
      requests++
      const raw = request.contentEncoding === 'gzip' ? gunzipSync(request.body) : Buffer.from(request.body)
      const batch = JSON.parse(raw.toString('utf8')) as { events: unknown[] }
      let accepted = 0
      let duplicates = 0
      const rejected: { index: number; event_id: unknown; errors: ValidationError[] }[] = []
      batch.events.forEach((input, index) => {
        const result = validateEvent(input)
        if (!result.ok) {
          rejected.push({
            index,
            event_id: (input as { event_id?: unknown })?.event_id,
            errors: result.errors,
          })
          rejectedEvents.push({ event: input, errors: result.errors })
          return
        }
        const key = `${result.event.company_id}\u0000${result.event.event_id}`
        if (seen.has(key)) {
          duplicates++
          return
        }
        seen.add(key)
        events.push(result.event)
        accepted++
      })
      return { status: 200, headers: {}, body: JSON.stringify({ accepted, duplicates, rejected }) }
    },
    async close() {},
  }
}

export type TestClientOptions<M extends SourceModule> = Partial<
  Omit<ClientOptions<M>, 'sourceModule' | 'transport'>
> & {
  sourceModule: M
}

/** Deep partial of an event, for assertions. */
export type EventMatch = { [key: string]: unknown }

/** A `CebeClient` with an in-memory transport and assertion helpers. */
export class CebeTestClient<M extends SourceModule = SourceModule> extends CebeClient<M> {
  readonly transport: MemoryTransport

  constructor(options: TestClientOptions<M>, transport: MemoryTransport = createMemoryTransport()) {
    super({
      endpoint: 'http://cebe.test',
      writeKey: 'test_write_key',
      companyId: 'company_test',
      companySsoId: 'sso_test',
      validation: 'throw',
      ...options,
      transport,
    })
    this.transport = transport
  }

  /** Events delivered so far (after a flush). */
  get captured(): readonly CebeEvent[] {
    return this.transport.events
  }

  /** Flushes, then returns the delivered events, optionally of one name. */
  async tracked<N extends EventName>(name?: N): Promise<CebeEvent[]> {
    await this.flush()
    return name === undefined
      ? [...this.transport.events]
      : this.transport.events.filter((e) => e.event_name === name)
  }

  /**
   * Flushes, then asserts that an event of `name` was delivered matching `match` (a deep
   * partial of the envelope; `attributes` is accepted for `event_attributes`). Returns it.
   */
  async assertTracked<N extends EventName>(
    name: N,
    match: EventMatch = {},
    times?: number,
  ): Promise<CebeEvent> {
    const events = await this.tracked(name)
    const expected = normalizeMatch(match)
    const found = events.filter((event) => matches(event, expected))
    if (found.length === 0 || (times !== undefined && found.length !== times)) {
      throw new AssertionError({
        message: `expected ${times ?? 'at least 1'} "${name}" event(s) matching ${JSON.stringify(expected)}, found ${found.length}. Delivered: ${JSON.stringify(this.transport.events.map((e) => e.event_name))}${this.transport.rejected.length ? `; rejected: ${JSON.stringify(this.transport.rejected)}` : ''}`,
        actual: events,
        expected,
        operator: 'assertTracked',
      })
    }
    return found[0]!
  }

  async assertNotTracked<N extends EventName>(name: N, match: EventMatch = {}): Promise<void> {
    const events = await this.tracked(name)
    const expected = normalizeMatch(match)
    const found = events.filter((event) => matches(event, expected))
    if (found.length > 0) {
      throw new AssertionError({
        message: `expected no "${name}" event matching ${JSON.stringify(expected)}, found ${found.length}`,
        actual: found,
        expected,
        operator: 'assertNotTracked',
      })
    }
  }

  /** Forgets what was delivered. */
  clear(): void {
    this.transport.clear()
  }
}

/**
 * ```ts
 * const cebe = createTestClient({ sourceModule: 'ticketing' })
 * ```
 */
export function createTestClient<M extends SourceModule>(options: TestClientOptions<M>): CebeTestClient<M> {
  return new CebeTestClient(options)
}

function normalizeMatch(match: EventMatch): EventMatch {
  const { attributes, ...rest } = match
  return attributes === undefined ? rest : { ...rest, event_attributes: attributes }
}

function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected)
  if (expected instanceof Date) return actual === expected.toISOString()
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    )
  }
  if (actual === null || typeof actual !== 'object') return false
  return Object.entries(expected).every(([key, value]) =>
    matches((actual as Record<string, unknown>)[key], value),
  )
}
