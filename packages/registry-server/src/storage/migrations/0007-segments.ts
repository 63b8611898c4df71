/**
 * Saved segments: a name and a rule (JSON text) per company. Members are never stored — they are
 * the rule's answer at read time — so a segment needs no upkeep when events arrive.
 */
import type { DialectSql } from './dialect-sql.js'

const statements = [
  `CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    created_at BIGINT NOT NULL)`,
  'CREATE INDEX segments_company ON segments (company_id, created_at)',
]

export const segments: DialectSql = { sqlite: statements, postgres: statements }
