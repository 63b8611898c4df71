/**
 * Tenancy (ADR 0111): a registered custom event belongs to the company that registered it
 * (`registered_schemas.company_id`; NULL for rows from before, shared as they were), and each
 * company's `company_sso_id` is recorded from its first stored event.
 */
import type { DialectSql } from './dialect-sql.js'

const statements = [
  'ALTER TABLE registered_schemas ADD COLUMN company_id TEXT',
  `CREATE TABLE company_sso_ids (
    company_id TEXT PRIMARY KEY,
    company_sso_id TEXT NOT NULL,
    created_at TEXT NOT NULL)`,
]

export const tenancy: DialectSql = { sqlite: statements, postgres: statements }
