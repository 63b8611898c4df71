/**
 * Event facts (ADR 0120): the body attributes company-wide metrics read become typed columns of
 * `events`, filled here for the events already stored (as the commit fills them for new ones),
 * and `events_company_window` becomes a covering index — the customer, the event id and every
 * fact beside its key — so a company-wide metric read never fetches an event's row or parses its
 * body. The index keeps its name and key, so every read that used it still does.
 */
import { EVENT_NAMES } from '@cebe/schemas'
import { EVENT_FACTS, type EventFact } from '../event-facts.js'
import type { DialectSql } from './dialect-sql.js'

const factColumns = EVENT_FACTS.map((fact) => fact.column).join(', ')

/** Catalog events only, as the commit (`factValues`): a custom event's fields are not facts. */
const catalogEvents = `event_name IN (${EVENT_NAMES.map((name) => `'${name.replaceAll("'", "''")}'`).join(', ')})`

/** SQLite: the path as a JSON path, each step quoted (so any key is one step). */
const sqlitePath = (fact: EventFact) => `'$${fact.path.map((step) => `.${JSON.stringify(step)}`).join('')}'`

/** The value `factValues` gives, from the stored body: json_type tells strings from numbers. */
function sqliteFill(fact: EventFact): string {
  const path = sqlitePath(fact)
  const types = fact.kind === 'text' ? "'text'" : "'integer', 'real'"
  return `${fact.column} = CASE WHEN json_type(body, ${path}) IN (${types}) THEN json_extract(body, ${path}) END`
}

function postgresFill(fact: EventFact): string {
  const path = `'{${fact.path.join(',')}}'`
  return fact.kind === 'text'
    ? `${fact.column} = CASE WHEN jsonb_typeof(body #> ${path}) = 'string' THEN body #>> ${path} END`
    : `${fact.column} = CASE WHEN jsonb_typeof(body #> ${path}) = 'number' THEN (body #>> ${path})::float8 END`
}

export const eventFacts: DialectSql = {
  sqlite: [
    // NUMERIC affinity stores a whole number as an integer, as json_extract returns one.
    ...EVENT_FACTS.map(
      (fact) => `ALTER TABLE events ADD COLUMN ${fact.column} ${fact.kind === 'text' ? 'TEXT' : 'NUMERIC'}`,
    ),
    `UPDATE events SET ${EVENT_FACTS.map(sqliteFill).join(', ')} WHERE ${catalogEvents}`,
    'DROP INDEX events_company_window',
    `CREATE INDEX events_company_window ON events
      (company_id, event_name, event_ts, customer_id, event_id, ${factColumns})`,
  ],
  postgres: [
    `ALTER TABLE events ${EVENT_FACTS.map(
      (fact) => `ADD COLUMN ${fact.column} ${fact.kind === 'text' ? 'TEXT' : 'DOUBLE PRECISION'}`,
    ).join(', ')}`,
    `UPDATE events SET ${EVENT_FACTS.map(postgresFill).join(', ')} WHERE ${catalogEvents}`,
    'DROP INDEX events_company_window',
    `CREATE INDEX events_company_window ON events (company_id, event_name, event_ts)
      INCLUDE (customer_id, event_id, ${factColumns})`,
  ],
}
