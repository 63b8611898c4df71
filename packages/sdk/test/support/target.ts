/**
 * The servers the integration suites run against: the in-repo sink (which also records every
 * arrival, for the tests that inspect the wire) and the real registry-server.
 */
import { getCatalog } from '@cebe/schemas'
import type { ClientOptions } from '../../src/index.js'
import { startRegistryTarget } from './registry-target.js'
import { type Sink, type SinkOptions, startSink } from './sink-server.js'

export type { Sink }

/** What the fault suites need of a server: where it is, a key, what it stored, a restart. */
export interface Target {
  readonly kind: TargetKind
  readonly url: string
  readonly port: number
  readonly writeKey: string
  readonly companyId: string
  /** Event ids the store holds for the company, in store order (a duplicate would appear twice). */
  storedIds(): Promise<string[]>
  /** Drops every connection and serves again on the same port; the store survives. */
  restart(): Promise<void>
  close(): Promise<void>
}

export type TargetKind = 'sink' | 'registry-server'
export const TARGET_KINDS: readonly TargetKind[] = ['sink', 'registry-server']

export async function startTarget(kind: TargetKind = 'sink', options: SinkOptions = {}): Promise<Target> {
  if (kind === 'registry-server') return startRegistryTarget(options.companyId)
  const sink = await startSink(options)
  return Object.assign(sink, { kind, storedIds: async () => [...sink.storeLog] })
}

/** Client options for a target (through a proxy when `url` is given). */
export function clientOptionsFor(
  sink: Pick<Target, 'url' | 'writeKey' | 'companyId'>,
  url = sink.url,
): ClientOptions<'campaign'> {
  return {
    endpoint: url,
    writeKey: sink.writeKey,
    companyId: sink.companyId,
    companySsoId: 'sso_acme',
    sourceModule: 'campaign',
    validation: 'throw',
    flushIntervalMs: 20,
    retryBaseMs: 10,
    retryMaxDelayMs: 100,
    // On a loaded machine a real answer may take seconds: it must never look like an injected
    // timeout, and slowness must never use up the retry budget. Tests about either set their own.
    requestTimeoutMs: 60_000,
    maxRetries: 1_000,
    maxRetryTimeMs: 120_000,
    onError: () => {},
  }
}

const example = getCatalog().find((entry) => entry.name === 'campaign.replied')!.example

/** The attributes of the catalog's `campaign.replied` example: a realistic, valid event. */
export const repliedAttributes = example.event_attributes as {
  campaign_id: string
  template_id: string
  channel: 'whatsapp'
  campaign_cost: number
  sent_at: string
  timestamp: string
  reply_content_preview: string
}

export const customerActor = { type: 'customer' } as const

/** Waits until `condition` holds, polling; fails with `message` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  message: string | (() => string),
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for: ${typeof message === 'string' ? message : message()}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Which of `ids` the target is missing, holds twice, or holds without being asked to. */
export async function storedExactlyOnce(
  target: Pick<Target, 'storedIds'> | Pick<Sink, 'storeLog'>,
  ids: readonly string[],
): Promise<{ missing: string[]; duplicated: string[]; extra: string[] }> {
  const stored = 'storeLog' in target ? target.storeLog : await target.storedIds()
  const counts = new Map<string, number>()
  for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1)
  const expected = new Set(ids)
  return {
    missing: ids.filter((id) => !counts.has(id)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    extra: [...counts.keys()].filter((id) => !expected.has(id)),
  }
}

/** Like `waitFor`, for a condition that has to ask the server. */
export async function waitForAsync(
  condition: () => Promise<boolean>,
  message: string,
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now()
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
