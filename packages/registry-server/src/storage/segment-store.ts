/**
 * The storage port of saved segments, apart from the event `Store` so the ingest interface stays
 * small. The table is the same on both backends and the statements are plain Kysely, so one
 * implementation over the read port's query builder serves SQLite and PostgreSQL alike. Every
 * call is scoped to a company: another company's segment is simply not there.
 */
import type { Kysely } from 'kysely'
import type { CustomerEventsDb } from './read-side.js'

export interface SavedSegment {
  id: string
  companyId: string
  name: string
  /** The rule as the client sent it (already checked). */
  rule: unknown
  createdAt: number
}

export interface SegmentStore {
  create(segment: SavedSegment): Promise<void>
  get(companyId: string, id: string): Promise<SavedSegment | undefined>
  /** The company's segments, oldest first. */
  list(companyId: string): Promise<SavedSegment[]>
  /** True when it existed. */
  delete(companyId: string, id: string): Promise<boolean>
}

type SegmentsDb = {
  segments: { id: string; company_id: string; name: string; rule: string; created_at: number | string }
}

export class KyselySegmentStore implements SegmentStore {
  readonly #db: Kysely<CustomerEventsDb & SegmentsDb>

  constructor(db: Kysely<CustomerEventsDb>) {
    this.#db = db.withTables<SegmentsDb>()
  }

  async create(segment: SavedSegment): Promise<void> {
    await this.#db
      .insertInto('segments')
      .values({
        id: segment.id,
        company_id: segment.companyId,
        name: segment.name,
        rule: JSON.stringify(segment.rule),
        created_at: segment.createdAt,
      })
      .execute()
  }

  async get(companyId: string, id: string): Promise<SavedSegment | undefined> {
    const row = await this.#db
      .selectFrom('segments')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toSegment(row)
  }

  async list(companyId: string): Promise<SavedSegment[]> {
    const rows = await this.#db
      .selectFrom('segments')
      .selectAll()
      .where('company_id', '=', companyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toSegment)
  }

  async delete(companyId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('segments')
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}

function toSegment(row: SegmentsDb['segments']): SavedSegment {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    rule: JSON.parse(row.rule) as unknown,
    createdAt: Number(row.created_at),
  }
}
