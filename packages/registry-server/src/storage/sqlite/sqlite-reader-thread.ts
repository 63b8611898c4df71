/**
 * A SQLite reader thread (`sqlite-reader-pool.ts`): one read-only connection to the store's file
 * that runs the SELECTs posted to it, each in its own snapshot (WAL: it never waits for the
 * writer), and posts the rows back. Statements are kept by their text, as on the main connection.
 */
import { parentPort, workerData } from 'node:worker_threads'
import BetterSqlite3, { type Statement } from 'better-sqlite3'
import type { ReaderReply, ReaderRequest, ReaderSettings } from './sqlite-reader-pool.js'
import { serializeError } from './sqlite-writer-client.js'

const KEPT_STATEMENTS = 256

const settings = workerData as ReaderSettings
const db = new BetterSqlite3(settings.path, { readonly: true, fileMustExist: true })
db.pragma(`busy_timeout = ${Math.floor(settings.busyTimeoutMs)}`)
db.pragma(`cache_size = ${Math.floor(settings.cacheSize)}`)
db.pragma('temp_store = MEMORY')
const kept = new Map<string, Statement>()
const port = parentPort!

port.on('message', (request: ReaderRequest) => {
  if (request.type === 'close') {
    db.close()
    port.postMessage({ type: 'closed' } satisfies ReaderReply)
    port.close()
    return
  }
  try {
    let statement = kept.get(request.sql)
    if (!statement) {
      statement = db.prepare(request.sql)
      kept.set(request.sql, statement)
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!)
    }
    if (!statement.reader) throw new Error('a reader thread runs statements that return rows only')
    const rows = statement.all(...request.parameters) as Record<string, unknown>[]
    port.postMessage({ type: 'rows', id: request.id, rows } satisfies ReaderReply)
  } catch (error) {
    port.postMessage({ type: 'failed', id: request.id, error: serializeError(error) } satisfies ReaderReply)
  }
})
