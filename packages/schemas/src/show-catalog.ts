#!/usr/bin/env node
/** Prints the catalog, module by module — what `npm start` shows until the server runs. */
import { getCatalog } from './catalog/catalog-entries.js'
import { SOURCE_MODULES } from './envelope/envelope-fields.js'

const catalog = getCatalog()
console.log(`CEBE event catalog — ${catalog.length} events in ${SOURCE_MODULES.length} modules\n`)
for (const module of SOURCE_MODULES) {
  const events = catalog.filter((entry) => entry.module === module)
  console.log(`${module} (${events.length})`)
  for (const entry of events) {
    const pii = entry.marks.filter((m) => m.pii && m.path.startsWith('/event_attributes/')).length
    console.log(
      `  ${entry.name.padEnd(28)} ${entry.version.padEnd(6)} ${entry.description}${pii ? `  [${pii} PII field${pii > 1 ? 's' : ''}]` : ''}`,
    )
  }
  console.log('')
}
