/**
 * The reader threads answer SELECTs on their own connections to the store's file: what a commit
 * on another connection wrote is in the next statement's snapshot, failures come back as errors,
 * and only statements that return rows are run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readerPoolDialect, SqliteReaderPool } from './sqlite-reader-pool.js'

describe('SQLite reader threads', () => {
  let dir: string
  let db: BetterSqlite3.Database
  let pool: SqliteReaderPool

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cebe-readers-'))
    db = new BetterSqlite3(join(dir, 'r.db'))
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE t (n INTEGER, s TEXT)')
    pool = new SqliteReaderPool({ path: join(dir, 'r.db'), busyTimeoutMs: 1000, cacheSize: -2048 })
  })
  afterEach(async () => {
    await pool.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers with the rows committed before each statement', async () => {
    db.prepare('INSERT INTO t VALUES (?, ?)').run(1, 'one')
    expect(await pool.query('SELECT n, s FROM t ORDER BY n', [])).toEqual([{ n: 1, s: 'one' }])
    db.prepare('INSERT INTO t VALUES (?, ?)').run(2, 'two')
    // Many at once: spread over the threads, each its own snapshot after the commit.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.query('SELECT count(*) AS c, ? AS i FROM t', [i])),
    )
    expect(answers).toEqual(Array.from({ length: 8 }, (_, i) => [{ c: 2, i }]))
  })

  it('runs Kysely queries through its dialect', async () => {
    db.prepare('INSERT INTO t VALUES (?, ?)').run(7, 'seven')
    const kysely = new Kysely<{ t: { n: number; s: string } }>({ dialect: readerPoolDialect(pool) })
    const rows = await kysely.selectFrom('t').select(['n', 's']).where('n', '=', 7).execute()
    expect(rows).toEqual([{ n: 7, s: 'seven' }])
    expect((await sql<{ v: number }>`SELECT ${41} + 1 AS v`.execute(kysely)).rows).toEqual([{ v: 42 }])
  })

  it('reports SQL errors and refuses statements that write', async () => {
    await expect(pool.query('SELECT nope FROM t', [])).rejects.toThrow(/no such column: nope/)
    await expect(pool.query('INSERT INTO t VALUES (1, ?)', ['x'])).rejects.toThrow(
      /statements that return rows only/,
    )
    // Read-only connections: nothing was written.
    expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 0 })
  })

  it('runs a long statement beside the short ones sent after it, not behind half of them', async () => {
    db.prepare('INSERT INTO t VALUES (?, ?)').run(1, 'one')
    // Both threads started first (two statements at once take both): a thread still starting on
    // a loaded machine could take longer than the long statement runs.
    await Promise.all([pool.query('SELECT 1 AS one', []), pool.query('SELECT 2 AS two', [])])
    const finished: string[] = []
    // ~2·10^6-row recursive count: far longer than the short statements together.
    const long = pool
      .query(
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) AS n FROM c',
        [],
      )
      .then(() => finished.push('long'))
    const short = Array.from({ length: 6 }, (_, i) =>
      pool.query('SELECT ? AS i', [i]).then(() => finished.push(`short ${i}`)),
    )
    await Promise.all([long, ...short])
    // One queue: the other thread took every short statement while the long one ran.
    expect(finished.at(-1)).toBe('long')
  })

  it('answers the statements still queued when it is closed', async () => {
    const answers = Array.from({ length: 6 }, (_, i) => pool.query('SELECT ? AS i', [i]))
    await pool.close()
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 6 }, (_, i) => [{ i }]))
  })

  it('refuses work once closed', async () => {
    await pool.query('SELECT 1 AS one', [])
    await pool.close()
    await expect(pool.query('SELECT 1', [])).rejects.toThrow(/closed/)
  })
})
