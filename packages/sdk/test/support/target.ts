/**
 * The server the integration suites run against. Today the in-repo sink; set
 * CEBE_SDK_TARGET=registry-server to run the same suites against the real registry-server
 * (see registry-server.test.ts for its starter).
 */
import { getCatalog } from '@cebe/schemas'
import type { ClientOptions } from '../../src/index.js'
import { type Sink, type SinkOptions, startSink } from './sink-server.js'

export type { Sink }

export async function startTarget(options: SinkOptions = {}): Promise<Sink> {
  return startSink(options)
}

/** Client options for a target (through a proxy when `url` is given). */
export function clientOptionsFor(sink: Sink, url = sink.url): ClientOptions<'campaign'> {
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

/** Asserts every id was stored exactly once and nothing else was stored. */
export function storedExactlyOnce(
  sink: Sink,
  ids: readonly string[],
): { missing: string[]; duplicated: string[]; extra: string[] } {
  const counts = new Map<string, number>()
  for (const id of sink.storeLog) counts.set(id, (counts.get(id) ?? 0) + 1)
  const expected = new Set(ids)
  return {
    missing: ids.filter((id) => !counts.has(id)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    extra: [...counts.keys()].filter((id) => !expected.has(id)),
  }
}
