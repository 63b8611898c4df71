/**
 * `cebe serve --demo`: a write key and an admin read key for the demo company, and the generated
 * demo data set (`demo/demo-generator.ts`) loaded through the server's backfill API — so a first
 * run has data to look at. Ids are fixed per day, so a second `--demo` start that day stores
 * nothing twice.
 */

import { generateApiKey, type Store } from '@cebe/registry-server'
import { EXAMPLE_TENANT, SOURCE_MODULES } from '@cebe/schemas'
import { generateDemoEvents } from './demo/demo-generator.js'
import { loadDemoEvents } from './demo/demo-loader.js'

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

  const loaded = await loadDemoEvents(url, write.key, generateDemoEvents())
  return {
    companyId,
    writeKey: write.key,
    readKey: read.key,
    accepted: loaded.accepted,
    duplicates: loaded.duplicates,
  }
}
