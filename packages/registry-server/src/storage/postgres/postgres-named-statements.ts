/**
 * A view of the pool for Kysely in which every statement runs as a prepared statement named by a
 * hash of its text. PostgreSQL then parses and plans it once per connection and, after a few
 * runs, keeps a generic plan: for large statements that repeat with other values (one customer's
 * metrics: ~45 KB of SQL that plans in tens of milliseconds and runs in a few), planning stops
 * being most of the cost. The store owns the pool: ending this view leaves it open.
 */
import { createHash } from 'node:crypto'
import type { PostgresPool, PostgresPoolClient } from 'kysely'
import type pg from 'pg'

export function namedStatementPool(pool: pg.Pool): PostgresPool {
  const views = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  return {
    async connect() {
      const client = await pool.connect()
      let view = views.get(client)
      if (!view) {
        view = {
          query: ((text: string, values: readonly unknown[]) =>
            client.query({
              name: statementName(text),
              text,
              values: [...values],
            })) as unknown as PostgresPoolClient['query'],
          release: () => client.release(),
        }
        views.set(client, view)
      }
      return view
    },
    end: async () => undefined,
  }
}

/** The same text always has the same name, and two texts never share one (pg refuses that). */
function statementName(text: string): string {
  return `cebe_${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`
}
