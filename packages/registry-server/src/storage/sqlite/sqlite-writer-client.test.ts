import { statSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { makeEvent, rowOf } from '../../../test/support/events.js'
import { migratedSqliteFile } from '../../../test/support/sqlite-files.js'
import { isUnavailableError } from '../../errors.js'
import { SqliteWriterClient } from './sqlite-writer-client.js'

const database = () => migratedSqliteFile('cebe-writer-')

describe('SqliteWriterClient (writer thread)', () => {
  it('commits on the writer thread with the same outcomes as in-thread, one outbox row per commit', async () => {
    const path = await database()
    const db = new BetterSqlite3(path)
    const committer = new SqliteWriterClient(db)
    expect(committer.threaded).toBe(true)
    const a = makeEvent('campaign.sent', { company: 'co_w' })
    const changed = { ...a, trigger_from: 'api' }
    const outcomes = await committer.commit([rowOf(a), rowOf(a), rowOf(makeEvent('campaign.sent'))], {
      receivedAt: 1,
    })
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'duplicate', 'accepted'])
    const again = await committer.commit([rowOf(changed), rowOf(a)], { receivedAt: 2 })
    expect(again.map((o) => o.status)).toEqual(['conflict', 'duplicate'])
    await committer.close()
    // Committed before the answer, visible to the store's own (main-thread) connection.
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2 })
    expect(db.prepare('SELECT first_seq, last_seq, events FROM outbox_batches').all()).toEqual([
      { first_seq: 1, last_seq: 2, events: 2 },
    ])
    db.close()
  })

  it('fails a batch with the SQLite error code when the database is locked, writing nothing', async () => {
    const path = await database()
    const db = new BetterSqlite3(path)
    db.pragma('busy_timeout = 50')
    const committer = new SqliteWriterClient(db)
    const blocker = new BetterSqlite3(path)
    blocker.exec('BEGIN EXCLUSIVE')
    const failed = await committer
      .commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 1 })
      .catch((e) => e)
    expect(failed).toMatchObject({ code: 'SQLITE_BUSY' })
    expect(isUnavailableError(failed)).toBe(true)
    blocker.exec('ROLLBACK')
    blocker.close()
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 })
    await expect(
      committer.commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 1 }),
    ).resolves.toHaveLength(1)
    await committer.close()
    db.close()
  })

  it('writes in-thread when told to, and refuses commits once closing', async () => {
    const path = await database()
    const db = new BetterSqlite3(path)
    const committer = new SqliteWriterClient(db, { thread: false })
    expect(committer.threaded).toBe(false)
    expect((await committer.commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 1 }))[0]!.status).toBe(
      'accepted',
    )
    const threaded = new SqliteWriterClient(db)
    const pending = threaded.commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 1 })
    const closed = threaded.close()
    await expect(pending).resolves.toHaveLength(1)
    await closed
    await expect(
      threaded.commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 1 }),
    ).rejects.toMatchObject({
      code: 'SQLITE_IOERR_WRITER',
    })
    db.close()
  })

  it.each([
    ['ingest', false],
    ['bulk load, the checkpointer paced for throughput', true],
  ])(
    'keeps the WAL file bounded under a steady %s: checkpoints and rewinds keep up',
    async (_, bulk) => {
      const path = await database()
      const db = new BetterSqlite3(path)
      db.pragma('journal_mode = WAL')
      const committer = new SqliteWriterClient(db)
      const rows = Array.from({ length: 2000 }, () => rowOf(makeEvent('campaign.sent')))
      // ~400 MB of WAL frames in all: without rewinds the file holds every one of them (827 MB,
      // measured); with them it stays near the 128 MiB rewind point, and past twice that the writer
      // waits for its rewind (sqlite-writer-thread.ts) — so under 288 MiB however loaded the box.
      let largest = 0
      for (let round = 0; round < 100; round++) {
        const batch = rows.map((row) => ({
          ...row,
          eventId: `${row.eventId.slice(0, -4)}${round.toString().padStart(4, '0')}`,
        }))
        await committer.commit(batch, { receivedAt: Date.now(), bulk })
        largest = Math.max(largest, statSync(`${path}-wal`).size)
      }
      await committer.close()
      db.close()
      expect(largest).toBeLessThan(288 * 1024 * 1024)
    },
    120_000,
  )
})
