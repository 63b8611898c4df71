/**
 * Monthly partitions of `events`, created on demand before a commit needs them (outside its
 * transaction, so DDL never holds the ingest path's locks). Months before 2000 share one
 * partition made by the migration; future events beyond +1 h are rejected by validation, so at
 * most one partition per month since 2000 can ever exist.
 */
import type { Pool } from 'pg'

const FIRST_MONTH = Date.UTC(2000, 0, 1)

export function monthOf(ts: number): number {
  const d = new Date(ts)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

export function partitionName(month: number): string {
  const d = new Date(month)
  return `events_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

export class MonthlyPartitions {
  readonly #known = new Set<number>()

  constructor(readonly pool: Pool) {}

  async ensure(timestamps: Iterable<number>): Promise<void> {
    const missing = new Set<number>()
    for (const ts of timestamps) {
      if (ts < FIRST_MONTH) continue
      const month = monthOf(ts)
      if (!this.#known.has(month)) missing.add(month)
    }
    for (const month of [...missing].sort((a, b) => a - b)) await this.#create(month)
  }

  async #create(month: number): Promise<void> {
    const start = new Date(month)
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    const statement = `CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF events
      FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`
    try {
      await this.pool.query(statement)
    } catch (error) {
      // Another node created it at the same moment: duplicate table / duplicate type name.
      const code = (error as { code?: string }).code
      if (code !== '42P07' && code !== '23505') throw error
    }
    this.#known.add(month)
  }
}
