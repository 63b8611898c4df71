/**
 * `cebe serve --demo`: a write key and an admin read key for the demo company, and one event of
 * every catalog event version sent through the server's own HTTP API — so a first run has data
 * to look at. Ids are fixed per day, so a second `--demo` start that day stores nothing twice.
 */

import { generateApiKey, type Store } from '@cebe/registry-server'
import { EXAMPLE_TENANT, getCatalog, SOURCE_MODULES } from '@cebe/schemas'

export interface DemoData {
  companyId: string
  writeKey: string
  readKey: string
  accepted: number
  duplicates: number
}

export async function loadDemoData(store: Store, url: string): Promise<DemoData> {
  const companyId = EXAMPLE_TENANT.company_id
  const write = generateApiKey('write')
  const read = generateApiKey('read')
  await store.createKey({
    companyId,
    id: write.id,
    keyHash: write.keyHash,
    type: 'write',
    modules: [...SOURCE_MODULES],
    role: null,
    name: 'demo write key',
  })
  await store.createKey({
    companyId,
    id: read.id,
    keyHash: read.keyHash,
    type: 'read',
    modules: [],
    role: 'admin',
    name: 'demo read key',
  })

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
    headers: { authorization: `Bearer ${write.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  const body = (await response.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] }
  if (!response.ok || body.rejected?.length) {
    throw new Error(`demo data was refused (${response.status}): ${JSON.stringify(body).slice(0, 500)}`)
  }
  return {
    companyId,
    writeKey: write.key,
    readKey: read.key,
    accepted: body.accepted ?? 0,
    duplicates: body.duplicates ?? 0,
  }
}
