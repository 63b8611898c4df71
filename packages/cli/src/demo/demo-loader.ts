/**
 * Loads demo events into a running server the way history is loaded: `POST /v1/backfill` (gzip
 * NDJSON), so they go through validation, identity resolution and aggregates — and fire no
 * webhooks. Any rejected line is an error: the generator must only make valid events.
 */
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { DemoEvent } from './demo-generator.js'

const gzipAsync = promisify(gzip)

export interface DemoLoadResult {
  accepted: number
  duplicates: number
}

export async function loadDemoEvents(
  url: string,
  writeKey: string,
  events: readonly DemoEvent[],
): Promise<DemoLoadResult> {
  const body = await gzipAsync(events.map((e) => JSON.stringify(e)).join('\n'))
  const response = await fetch(`${url}/v1/backfill`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${writeKey}`,
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    },
    body,
  })
  const result = (await response.json()) as {
    accepted?: number
    duplicates?: number
    rejected?: number
    rejects?: unknown[]
  }
  if (!response.ok || result.rejected) {
    throw new Error(`demo data was refused (${response.status}): ${JSON.stringify(result).slice(0, 500)}`)
  }
  return { accepted: result.accepted ?? 0, duplicates: result.duplicates ?? 0 }
}
