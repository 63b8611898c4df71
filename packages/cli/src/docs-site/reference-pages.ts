/**
 * The reference pages besides events: the catalog index, a page per module, the envelope, the
 * metrics catalog (METRICS.md as data) and the index of architecture decisions.
 */
import {
  buildEnvelopeJsonSchema,
  type CatalogEntry,
  HEALTH_SCORE_FACTORS,
  METRIC_GROUP_BY_RULES,
  METRIC_RULES,
  type MetricDefinition,
  metricsFedBy,
  metricsForScope,
  SOURCE_MODULES,
  type SourceModule,
} from '@cebe/schemas'
import { fieldTable } from './event-page.js'
import { cell, code, page, table, text } from './markdown.js'
import { fieldRows } from './schema-fields.js'
import { CUSTOMER_RULES, eventLink, MODULE_TITLES, metricAnchor, metricLink } from './site-links.js'

export function catalogPage(catalog: readonly CatalogEntry[]): string {
  return page({ title: 'Event catalog', description: 'Every CEBE event, by module.' }, [
    '# Event catalog',
    `${catalog.length} events in ${SOURCE_MODULES.length} modules. Every page is generated from \`@cebe/schemas\`: ` +
      'the same zod source the SDK types, the server validates and `cebe validate` checks.',
    ...SOURCE_MODULES.flatMap((module) => [
      `## ${MODULE_TITLES[module]} {#${module}}`,
      eventsTable(catalog.filter((e) => e.module === module)),
    ]),
  ])
}

function eventsTable(entries: readonly CatalogEntry[]): string {
  return table(
    ['Event', 'Version', 'Description'],
    entries.map((e) => [eventLink(e.name), code(e.version), cell(e.description)]),
  )
}

export function modulePage(module: SourceModule, catalog: readonly CatalogEntry[]): string {
  const entries = catalog.filter((e) => e.module === module)
  const metrics = uniqueMetrics(entries.flatMap((e) => metricsFedBy(e.name)))
  return page({ title: `${MODULE_TITLES[module]} events`, description: `The ${module} module's events.` }, [
    `# ${MODULE_TITLES[module]}`,
    `Events with \`source_module: "${module}"\`. A write key lists the modules it may send for; ` +
      `an event sent with another module's key is rejected.`,
    '## Events',
    table(
      ['Event', 'Version', 'Customer', 'Description'],
      entries.map((e) => [eventLink(e.name), code(e.version), e.customer, cell(e.description)]),
    ),
    '## Metrics these events feed',
    metrics.length
      ? table(
          ['Metric', 'Scope', 'What it is'],
          metrics.map((m) => [metricLink(m.id, m.scope), m.scope, cell(m.title)]),
        )
      : 'None yet.',
  ])
}

function uniqueMetrics(metrics: readonly MetricDefinition[]): MetricDefinition[] {
  return [...new Map(metrics.map((m) => [`${m.scope}:${m.id}`, m])).values()]
}

export function envelopePage(): string {
  const schema = buildEnvelopeJsonSchema()
  return page(
    {
      title: 'The envelope',
      description: 'The fields every CEBE event carries.',
      pageClass: 'reference-page',
    },
    [
      '# The envelope',
      "Every event is one JSON object with these fields; the event's own payload goes in `event_attributes`, " +
        'which each [event page](/reference/index.md) describes. The envelope is closed: a misspelt top-level ' +
        'key is an error, not silently stored.',
      '## Fields',
      fieldTable(fieldRows(schema)),
      '## Who the event is about',
      table(
        ['Rule', 'Meaning'],
        Object.entries(CUSTOMER_RULES).map(([rule, meaning]) => [code(rule), cell(meaning)]),
      ),
      '## Limits',
      [
        '- One event ≤ 32 KB serialized; one request ≤ 500 events and ≤ 1 MB after decompression; `Content-Encoding: gzip` is accepted.',
        '- `event_timestamp` more than 1 hour in the future is rejected; check the source clock and offset.',
        '- `(company_id, event_id)` is the idempotency key: the same id again is a duplicate, acknowledged and stored once.',
        '- Fields named `*_at`, `*_date`, `*_datetime` and `timestamp` are RFC 3339 date-times with an offset.',
      ].join('\n'),
      'JSON Schema: `@cebe/schemas/json-schema/envelope.json` (draft 2020-12).',
    ],
  )
}

export function metricsPage(): string {
  const scopeTable = (scope: 'customer' | 'company') =>
    table(
      ['Metric', 'Definition', 'Unit', 'Source events'],
      metricsForScope(scope).map((m) => [
        `<a id="${metricAnchor(m.id, scope)}" href="#${metricAnchor(m.id, scope)}">${code(m.id)}</a><br>${cell(m.title)}`,
        cell(m.description),
        `${m.unit}${m.groupBy ? `<br>group_by: ${m.groupBy.join(', ')}` : ''}`,
        [...m.sourceEvents.map(eventLink), ...(m.readsAnyEvent ? ['any event'] : [])].join(', '),
      ]),
    )
  return page(
    {
      title: 'Metrics',
      description: 'Every CEBE metric and its exact definition.',
      pageClass: 'reference-page',
    },
    [
      '# Metrics',
      'The exact definitions the server computes. Customer metrics answer `GET /v1/customers/{id}/metrics`; ' +
        'company metrics answer `GET /v1/metrics`. Every metric of a scope is present in its response; a rate ' +
        'with no denominator is `null`.',
      '## Rules every metric follows',
      METRIC_RULES.map((rule) => `- ${text(rule)}`).join('\n'),
      '## Customer scope',
      scopeTable('customer'),
      '## Company scope',
      scopeTable('company'),
      '### Grouping',
      METRIC_GROUP_BY_RULES.map((rule) => `- ${text(rule)}`).join('\n'),
      '## Health score',
      'The `health.score` is explainable: each factor has a sub-score in [0, 1] and a default weight.',
      table(
        ['Factor', 'How it is scored', 'Default weight'],
        HEALTH_SCORE_FACTORS.map((f) => [
          `${code(f.id)}<br>${cell(f.title)}`,
          cell(f.description),
          String(f.defaultWeight),
        ]),
      ),
    ],
  )
}

export interface Decision {
  /** File name without `.md`. */
  slug: string
  title: string
}

export function decisionsPage(decisions: readonly Decision[]): string {
  return page({ title: 'Architecture decisions', description: 'Why CEBE is built the way it is.' }, [
    '# Architecture decisions',
    'Each record says what was decided, the alternatives and why. They live in `docs/adr/`.',
    decisions.length
      ? decisions.map((d) => `- [${text(d.title)}](/adr/${d.slug}.md)`).join('\n')
      : '_No decision records yet._',
  ])
}
