import type { CatalogEntry } from '../catalog/catalog-entries.js'
import type { CatalogSnapshot } from './compat-checker.js'

/** The snapshot of a catalog the compatibility checker compares: every version's JSON Schema. */
export function catalogSnapshot(entries: readonly CatalogEntry[]): CatalogSnapshot {
  const events: CatalogSnapshot['events'] = {}
  for (const entry of entries) {
    events[entry.name] = {
      module: entry.module,
      versions: Object.fromEntries(entry.versions.map((v) => [v.version, v.jsonSchema])),
    }
  }
  return { events }
}
