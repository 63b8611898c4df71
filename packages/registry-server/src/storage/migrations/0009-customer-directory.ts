/**
 * The customer directory (ADR 0119): one row per (company, customer) with an event, holding the
 * string values their `customer.created` / `customer.updated` events set, so customer search
 * reads one narrow row per customer instead of every CDP event's JSON. Built here from the events
 * already stored; the commit keeps it from then on (`storage/customer-directory.ts`).
 *
 * `attribute_values` holds `[list, name, folded value]` triples (name null when not a string);
 * `attribute_text` the folded values joined by U+001F. Folding is ASCII-only `lower`, as the
 * search always did (SQLite without ICU; PostgreSQL under "C").
 */
import type { DialectSql } from './dialect-sql.js'

const ATTRIBUTE_EVENTS = "('customer.created', 'customer.updated')"

const sqliteValues = `
  SELECT DISTINCT e.company_id, e.customer_id, l.list,
    CASE WHEN json_type(i.value, '$.name') = 'text' THEN json_extract(i.value, '$.name') END AS name,
    lower(json_extract(i.value, l.path)) AS folded
  FROM events e
  JOIN (SELECT 'default_fields' AS list, '$.value' AS path
        UNION ALL SELECT 'custom_fields', '$.value'
        UNION ALL SELECT 'change_fields', '$.new_value') l
  JOIN json_each(e.body, '$.event_attributes.' || l.list) i
  WHERE e.event_name IN ${ATTRIBUTE_EVENTS} AND e.customer_id IS NOT NULL
    AND json_type(e.body, '$.event_attributes.' || l.list) = 'array'
    AND json_type(i.value, l.path) = 'text'`

const postgresValues = `
  SELECT DISTINCT e.company_id, e.customer_id, l.list,
    CASE WHEN jsonb_typeof(i.v -> 'name') = 'string' THEN i.v ->> 'name' END AS name,
    lower((i.v ->> l.key) COLLATE "C") AS folded
  FROM events e
  CROSS JOIN (VALUES ('default_fields', 'value'), ('custom_fields', 'value'), ('change_fields', 'new_value'))
    AS l(list, key)
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE jsonb_typeof(e.body -> 'event_attributes' -> l.list)
      WHEN 'array' THEN e.body -> 'event_attributes' -> l.list ELSE '[]'::jsonb END) AS i(v)
  WHERE e.event_name IN ${ATTRIBUTE_EVENTS} AND e.customer_id IS NOT NULL
    AND jsonb_typeof(i.v -> l.key) = 'string'`

export const customerDirectory: DialectSql = {
  sqlite: [
    `CREATE TABLE customer_directory (
      company_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      attribute_text TEXT NOT NULL DEFAULT '',
      attribute_values TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (company_id, customer_id)) WITHOUT ROWID`,
    // The log itself, not the aggregates: on SQLite those stop at the fold watermark.
    `INSERT INTO customer_directory (company_id, customer_id, attribute_text, attribute_values)
      SELECT k.company_id, k.customer_id, coalesce(v.attribute_text, ''), coalesce(v.attribute_values, '[]')
      FROM (SELECT DISTINCT company_id, customer_id FROM events WHERE customer_id IS NOT NULL) k
      LEFT JOIN (
        SELECT company_id, customer_id,
          json_group_array(json_array(list, name, folded)) AS attribute_values,
          group_concat(folded, char(31)) AS attribute_text
        FROM (${sqliteValues}) GROUP BY company_id, customer_id
      ) v ON v.company_id = k.company_id AND v.customer_id = k.customer_id
      ORDER BY k.company_id, k.customer_id`,
  ],
  postgres: [
    `CREATE TABLE customer_directory (
      company_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      attribute_text TEXT NOT NULL DEFAULT '',
      attribute_values JSONB NOT NULL DEFAULT '[]',
      PRIMARY KEY (company_id, customer_id))`,
    // Search pages and id prefixes are ranges in binary order, whatever the database collation.
    'CREATE INDEX customer_directory_binary ON customer_directory (company_id, (customer_id COLLATE "C"))',
    // The aggregates are written in the commit: every customer with an event has a row there.
    `INSERT INTO customer_directory (company_id, customer_id, attribute_text, attribute_values)
      SELECT k.company_id, k.customer_id, coalesce(v.attribute_text, ''), coalesce(v.attribute_values, '[]'::jsonb)
      FROM (SELECT DISTINCT company_id, customer_id FROM customer_aggregates) k
      LEFT JOIN (
        SELECT company_id, customer_id,
          jsonb_agg(jsonb_build_array(list, name, folded)) AS attribute_values,
          string_agg(DISTINCT folded, chr(31)) AS attribute_text
        FROM (${postgresValues}) x GROUP BY company_id, customer_id
      ) v ON v.company_id = k.company_id AND v.customer_id = k.customer_id`,
    'ANALYZE customer_directory',
  ],
}
