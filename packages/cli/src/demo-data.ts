/**
 * `cebe serve --demo`: a write key and an admin read key for the demo company (the same ones on
 * every restart, see `demo-keys.ts`), and the generated demo data set (`demo/demo-generator.ts`)
 * loaded through the server's backfill API — so a first run has data to look at. Ids are fixed
 * per day, so a second `--demo` start that day stores nothing twice.
 */

import type { Store } from '@cebe/registry-server'
import { EXAMPLE_TENANT } from '@cebe/schemas'
import { generateDemoEvents } from './demo/demo-generator.js'
import { loadDemoEvents } from './demo/demo-loader.js'
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
  const loaded = await loadDemoEvents(url, keys.writeKey, generateDemoEvents())
  return { companyId, keys, accepted: loaded.accepted, duplicates: loaded.duplicates }
}
