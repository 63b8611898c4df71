/**
 * One event's reference page: what it is, its field table, a valid example envelope, the typed
 * `cebe.track(...)` call that sends it, its version history with the changes between versions,
 * and the metrics it feeds.
 */
import { type CatalogEntry, checkCompatibility, type JsonSchema, metricsFedBy } from '@cebe/schemas'
import { cell, code, fence, page, table, text } from './markdown.js'
import { type FieldRow, fieldRows } from './schema-fields.js'
import { CUSTOMER_RULES, metricLink, moduleLink } from './site-links.js'

export function eventPage(entry: CatalogEntry): string {
  const attributes = (entry.jsonSchema.properties as Record<string, JsonSchema>).event_attributes!
  return page(
    { title: entry.name, description: entry.description, pageClass: 'reference-page', aside: false },
    [
      `# ${entry.name}`,
      text(entry.description),
      table(
        ['', ''],
        [
          ['Module', moduleLink(entry.module)],
          ['Latest version', `${code(entry.version)} (SchemaVer)`],
          ['Customer', cell(CUSTOMER_RULES[entry.customer])],
          ['JSON Schema', code(`@cebe/schemas/json-schema/events/${entry.name}/${entry.version}.json`)],
        ],
      ),
      entry.notes.length > 0 &&
        ['## Notes', entry.notes.map((note) => `- ${text(note)}`).join('\n')].join('\n\n'),
      '## Fields',
      `\`event_attributes\` of ${code(entry.name)}. The [envelope](/reference/envelope.md) fields ` +
        `(\`event_id\`, \`company_id\`, \`actor\`, \`event_timestamp\`, …) are the same for every event; here ` +
        `\`source_module\` is always ${code(entry.module)}. Unknown keys are rejected.`,
      fieldTable(fieldRows(attributes, '/event_attributes')),
      '## Example',
      `A complete, valid envelope (checked against the schema when these docs are built):`,
      fence('json', JSON.stringify(entry.example, null, 2)),
      '## Send it with the SDK',
      `\`attributes\` is typed as \`EventAttributes<'${entry.name}'>\`: a missing or misspelt field is a compile error.`,
      fence('ts', trackSnippet(entry)),
      '## Version history',
      versionHistory(entry),
      '## Metrics this event feeds',
      metricsList(entry.name),
    ],
  )
}

export function fieldTable(rows: readonly FieldRow[]): string {
  if (rows.length === 0) return '_No attributes: the envelope says it all._'
  return table(
    ['Field', 'Type', 'Required', 'Constraints', 'Values', 'Marks', 'Description'],
    rows.map((row) => [
      `<a id="${row.anchor}" href="#${row.anchor}" class="field-anchor">${code(row.path)}</a>`,
      cell(code(row.type)),
      row.required ? '**yes**' : 'no',
      cell(row.constraints.join(', ')),
      cell(row.values.map(code).join(', ')),
      [row.pii && `PII: ${row.pii}`, row.identity && `identity: ${row.identity}`]
        .filter(Boolean)
        .join('<br>'),
      cell(row.description),
    ]),
  )
}

function trackSnippet(entry: CatalogEntry): string {
  const example = entry.example as Record<string, unknown>
  const fields = [
    example.qontak_customer_id !== undefined &&
      `  qontak_customer_id: ${tsLiteral(example.qontak_customer_id)},`,
    `  actor: ${tsLiteral(example.actor, '  ')},`,
    `  trigger_from: ${tsLiteral(example.trigger_from)},`,
    `  attributes: ${tsLiteral(example.event_attributes, '  ')},`,
  ].filter(Boolean)
  return [
    `import { createClient } from '@cebe/sdk'`,
    '',
    'const cebe = createClient({',
    `  endpoint: 'http://127.0.0.1:4747',`,
    '  writeKey: process.env.CEBE_WRITE_KEY!,',
    `  companyId: ${tsLiteral(example.company_id)},`,
    `  companySsoId: ${tsLiteral(example.company_sso_id)},`,
    `  sourceModule: ${tsLiteral(entry.module)},`,
    '})',
    '',
    `cebe.track(${tsLiteral(entry.name)}, {`,
    ...fields,
    '})',
  ].join('\n')
}

/** A value as a TypeScript literal in the house style: single quotes, bare keys where possible. */
export function tsLiteral(value: unknown, indent = ''): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const inner = value.map((v) => `${indent}  ${tsLiteral(v, `${indent}  `)},`)
    return `[\n${inner.join('\n')}\n${indent}]`
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{}'
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsLiteral(k))
    const inner = entries.map(([k, v]) => `${indent}  ${key(k)}: ${tsLiteral(v, `${indent}  `)},`)
    return `{\n${inner.join('\n')}\n${indent}}`
  }
  return JSON.stringify(value)
}

function versionHistory(entry: CatalogEntry): string {
  const blocks: string[] = []
  const versions = [...entry.versions].reverse()
  for (const [i, version] of versions.entries()) {
    const previous = versions[i + 1]
    blocks.push(`### ${version.version}${version.version === entry.version ? ' (latest)' : ''}`)
    if (!previous) {
      blocks.push(version.changes ? text(version.changes) : 'First version.')
      continue
    }
    if (version.changes) blocks.push(text(version.changes))
    const report = checkCompatibility(
      {
        events: {
          [entry.name]: { module: entry.module, versions: { [previous.version]: previous.jsonSchema } },
        },
      },
      {
        events: {
          [entry.name]: {
            module: entry.module,
            versions: { [previous.version]: previous.jsonSchema, [version.version]: version.jsonSchema },
          },
        },
      },
    )
    blocks.push(
      report.changes.length
        ? `Changes from ${code(previous.version)}:\n\n${table(
            ['Class', 'Field', 'Change'],
            report.changes.map((c) => [`**${c.class}**`, code(c.pointer || '/'), cell(c.message)]),
          )}`
        : `No schema changes from ${code(previous.version)}.`,
    )
  }
  blocks.push(
    'Events may name an older version in `schema_version`; it still validates. ' +
      'See [schema versions](/guides/ci-validation.md#schema-changes) for what ADDITION, REVISION and MODEL mean.',
  )
  return blocks.join('\n\n')
}

function metricsList(name: string): string {
  const metrics = metricsFedBy(name)
  if (!metrics.length) return `No metric reads ${code(name)} yet; it is kept in timelines and segments.`
  return table(
    ['Metric', 'Scope', 'What it is'],
    metrics.map((m) => [metricLink(m.id, m.scope), m.scope, cell(m.title)]),
  )
}
