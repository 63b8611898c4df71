/**
 * An IMMEDIATE transaction on the main connection that runs only if the write lock is free right
 * now. The main thread serves every request: waiting out the busy timeout behind the writer
 * thread's commits and folds (a fold holds the lock for up to a few hundred milliseconds) would
 * stall all of them, so work that can as well happen at the next poll asks without waiting.
 */
import type { Database } from 'better-sqlite3'

/** `work`'s answer, or `undefined` when another connection holds the write lock. */
export function ifWriteLockFree<T>(db: Database, work: () => T): T | undefined {
  const previous = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    return db.transaction(work).immediate()
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return undefined
    throw error
  } finally {
    db.pragma(`busy_timeout = ${previous}`)
  }
}
