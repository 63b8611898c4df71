/**
 * `cebe serve --demo`: a write key and an admin read key for the demo company (the same ones on
 * every restart, see `demo-keys.ts`), and one event of every catalog event version sent through
 * the server's own HTTP API — so a first run has data to look at. Ids are fixed per day, so a
 * second `--demo` start that day stores nothing twice.
 */

import type { Store } from '@cebe/registry-server'
import { EXAMPLE_TENANT, getCatalog } from '@cebe/schemas'
import { type DemoKeys, demoKeys } from './demo-keys.js'
import type { ServerModule } from './server-module.js'

export interface DemoData {
  companyId: string
  keys: DemoKeys
  accepted: number
  duplicates: number
}

export async function loadDemoData(
  store: Store,
  url: string,
  server: ServerModule,
  keysFile: string | undefined,
): Promise<DemoData> {
  const companyId = EXAMPLE_TENANT.company_id
  const keys = await demoKeys(store, server, companyId, keysFile)

  // Timestamps and ids are fixed per UTC day: fresh data on a new day, duplicates on a restart.
  const day = new Date().toISOString().slice(0, 10)
  const startOfDay = Date.parse(`${day}T00:00:00Z`)
  const events = getCatalog().flatMap((entry, i) =>
    entry.versions.map((version, j) => ({
      ...version.example,
      event_id: `demo.${day}.${entry.name}.${version.version}`,
      event_timestamp: new Date(startOfDay - (i * 10 + j + 1) * 60_000).toISOString(),
    })),
  )
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  const body = (await response.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] }
  if (!response.ok || body.rejected?.length) {
    throw new Error(`demo data was refused (${response.status}): ${JSON.stringify(body).slice(0, 500)}`)
  }
  return {
    companyId,
    keys,
    accepted: body.accepted ?? 0,
    duplicates: body.duplicates ?? 0,
  }
}
