/**
 * The files of the JSON Schema artifact folder, as path → content. One builder serves the
 * package build (which writes them into `json-schema/`), the up-to-date test, and
 * `cebe schemas export`.
 */
import { getCatalog } from '../catalog/catalog-entries.js'
import { readMarks } from '../fields/marks.js'
import { buildEnvelopeJsonSchema } from './event-json-schema.js'

export function artifactFiles(): Map<string, string> {
  const files = new Map<string, string>()
  const write = (path: string, value: unknown) => files.set(path, `${JSON.stringify(value, null, 2)}\n`)
  const catalog = getCatalog()
  write('envelope.json', buildEnvelopeJsonSchema())
  for (const entry of catalog) {
    for (const version of entry.versions) write(`events/${entry.name}/${version.version}.json`, version.jsonSchema)
  }
  write('catalog.json', {
    description: 'CEBE event catalog index: every event, its module, versions and schema files.',
    envelope: 'envelope.json',
    events: catalog.map((entry) => ({
      name: entry.name,
      module: entry.module,
      description: entry.description,
      customer: entry.customer,
      latest: entry.version,
      versions: entry.versions.map((v) => ({
        version: v.version,
        ...(v.changes && { changes: v.changes }),
        schema: `events/${entry.name}/${v.version}.json`,
      })),
      marks: readMarks(entry.jsonSchema),
    })),
  })
  return files
}
