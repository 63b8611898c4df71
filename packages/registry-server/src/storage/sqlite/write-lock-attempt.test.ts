import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { makeEvent, rowOf } from '../../../test/support/events.js'
import { migratedSqliteFile } from '../../../test/support/sqlite-files.js'
import { SqliteStore } from './sqlite-store.js'
import { SqliteWebhookStore } from './sqlite-webhooks.js'
import { ifWriteLockFree } from './write-lock-attempt.js'

/** A second connection holding the write lock, as the writer thread does during a commit or fold. */
function holdWriteLock(path: string) {
  const other = new BetterSqlite3(path)
  other.exec('BEGIN IMMEDIATE')
  return () => {
    other.exec('ROLLBACK')
    other.close()
  }
}

const neverMatches = () => false
const newId = () => 'msg_test'

describe('ifWriteLockFree', () => {
  it('runs the work in a transaction when the lock is free, and answers at once when it is not', async () => {
    const path = await migratedSqliteFile()
    const db = new BetterSqlite3(path)
    db.pragma('busy_timeout = 5000')
    expect(ifWriteLockFree(db, () => db.inTransaction)).toBe(true)

    const release = holdWriteLock(path)
    const started = performance.now()
    expect(ifWriteLockFree(db, () => 'ran')).toBeUndefined()
    // Far below the 5 s busy timeout: it did not wait.
    expect(performance.now() - started).toBeLessThan(2500)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    release()
    expect(ifWriteLockFree(db, () => 'ran')).toBe('ran')
    db.close()
  })

  it('passes on errors other than a taken lock, and rolls the work back', async () => {
    const path = await migratedSqliteFile()
    const db = new BetterSqlite3(path)
    expect(() =>
      ifWriteLockFree(db, () => {
        db.prepare('UPDATE fold_state SET folded_seq = 99').run()
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(db.prepare('SELECT folded_seq FROM fold_state').get()).toEqual({ folded_seq: 0 })
    db.close()
  })
})

describe('SQLite outbox with no enabled subscription', () => {
  it('marks every entry in one go when the lock is free, and leaves them for the next poll when it is not', async () => {
    const path = await migratedSqliteFile()
    const store = new SqliteStore({ path, busyTimeoutMs: 5000 })
    await store.migrate()
    try {
      await store.commit([rowOf(makeEvent('campaign.sent')), rowOf(makeEvent('campaign.sent'))], {
        receivedAt: 1,
      })
      await store.commit([rowOf(makeEvent('campaign.sent'))], { receivedAt: 2 })
      const db = new BetterSqlite3(path)
      const webhooks = new SqliteWebhookStore(db)
      const undelivered = () =>
        db.prepare('SELECT count(*) AS n FROM outbox_batches WHERE delivered_at IS NULL').get()

      const release = holdWriteLock(path)
      const started = performance.now()
      expect(await webhooks.fanOut(neverMatches, newId, 10, 1000)).toBe(0)
      expect(performance.now() - started).toBeLessThan(2500)
      expect(undelivered()).toEqual({ n: 2 })
      release()

      expect(await webhooks.fanOut(neverMatches, newId, 10, 1000)).toBe(3)
      expect(undelivered()).toEqual({ n: 0 })
      expect(db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 })
      db.close()
    } finally {
      await store.close()
    }
  })
})
