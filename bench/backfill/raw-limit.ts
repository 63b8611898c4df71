/**
 * The raw insert limit of the ingest bench (`ingest/raw-insert.ts`) for the backfill's lines,
 * into a freshly migrated store. Rows are built by the server's own code from the NDJSON lines.
 */

import { openStore } from '@cebe/registry-server'
import pg from 'pg'
import { MonthlyPartitions } from '../../packages/registry-server/src/storage/postgres/postgres-partitions.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'
import { postgresRawInsert, rowsOf, sqliteRawInsert } from '../ingest/raw-insert.js'

export async function rawLimit(
  kind: 'sqlite' | 'postgres',
  url: string,
  lines: readonly string[],
): Promise<number> {
  const rows = rowsOf(lines.map((line) => JSON.parse(line)))
  await (
    await openStore({
      databaseUrl: url,
      durability: 'process-crash',
      sqliteCacheMiB: 256,
      sqliteBusyTimeoutMs: 5000,
      postgresPoolSize: 2,
    })
  ).close()
  return kind === 'sqlite' ? sqliteRawInsert(url, rows) : postgresRaw(url, rows)
}

async function postgresRaw(url: string, rows: readonly EventRow[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  // Twelve months of history: the partitions the store would add as the rows arrive.
  await new MonthlyPartitions(pool).ensure(rows.map((r) => r.eventTs))
  const client = await pool.connect()
  try {
    return await postgresRawInsert(client, rows)
  } finally {
    client.release()
    await pool.end()
  }
}
