/** One migration: the DDL of each backend, side by side, so the two stay the same tables. */
export interface DialectSql {
  sqlite: string[]
  postgres: string[]
}
