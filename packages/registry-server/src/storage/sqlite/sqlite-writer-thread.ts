/**
 * The SQLite writer and checkpointer threads (see sqlite-writer-client.ts), one script, two roles.
 *
 * writer: owns one connection, runs one transaction per posted batch, in arrival order, and
 * replies only after COMMIT returned. Its automatic checkpoint is off: a checkpoint fsyncs the WAL
 * and the database file, which cost ~12 µs an event inside the commit on the bench machine's disk.
 *
 * checkpointer: its own connection; copies the WAL into the database in the background every
 * 50 ms with `wal_checkpoint(PASSIVE)`, which never waits for anyone and never blocks the writer.
 * Frequent passes copy hot pages more often, but on the other core, and leave little for the
 * writer's rewinds below (250 ms: 49 % of the raw limit and p99 134 ms at 10,000 events/s;
 * 50 ms: 50 % and 56 ms).
 *
 * A WAL rewinds to its beginning only after a checkpoint that caught up with every frame, which a
 * PASSIVE one rarely does under steady writes. So the writer rewinds it: after its commits (and
 * any fold) it looks at the WAL file's size (a `stat`, ~3 µs), and past 32,768 frames (128 MiB)
 * runs `RESTART` on its own connection — it is the only writer and sits between transactions, so
 * this copies the frames the checkpointer has not reached yet and rewinds at once. It does not
 * wait: while the checkpointer is copying, the RESTART gives up at once and the next commit tries
 * again — and the checkpointer starts no new copy while the WAL is past the limit, so the lock
 * comes free. Only past twice the limit does the writer wait for it: on a loaded machine the
 * non-waiting RESTART can keep losing to 50 ms PASSIVE passes while the WAL grows without bound. (A RESTART on the checkpointer's thread waits for a gap between the writer's
 * transactions, holding the checkpoint lock, and under steady load kept missing: the WAL grew
 * past 200 MB. One that waits on the writer's thread for the checkpointer cost ~50 ms a time.)
 * `journal_size_limit` truncates the file to that size at each rewind, so its size tells whether
 * the WAL rewound, and a burst leaves no large file behind. At ~100 MB of WAL a second, a rewind
 * every ~1.3 s: each one's copy and fsync sit on the writer's thread, so fewer is better.
 *
 * The writer also runs the fold (`sqlite-fold.ts`) between commits: in a gap with no commit
 * waiting when its policy says so, before a waiting commit only once the unfolded tail is long,
 * on a timer once the load stops, and once more on close.
 */
import { statSync } from 'node:fs'
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import BetterSqlite3 from 'better-sqlite3'
import { encodeOutcomes } from './outcome-codec.js'
import { fromColumns } from './row-columns.js'
import { SqliteBatchWriter } from './sqlite-batch-writer.js'
import {
  applySettings,
  serializeError,
  type WriterReply,
  type WriterRequest,
  type WriterSettings,
} from './sqlite-writer-client.js'

const CHECKPOINTER_INTERVAL_MS = 50
/**
 * The checkpointer's pace while a bulk load (backfill) commits: at 50 ms its passes took 8.6 µs
 * of CPU an event of a 1,000,000-line backfill, at 500 ms 2.9 — CPU the load's own parsing needs
 * on a 2-core machine. The writer's rewinds still bound the WAL.
 */
const CHECKPOINTER_BULK_INTERVAL_MS = 500
const WRITER_RESTART_AFTER_FRAMES = 32_768

const port = parentPort!
const settings = workerData as WriterSettings & { role: 'writer' | 'checkpointer' }
const db = new BetterSqlite3(settings.path)
applySettings(db, settings)

/** The WAL size past which the writer rewinds it (and the checkpointer steps aside). */
const walLimit = WRITER_RESTART_AFTER_FRAMES * (Number(db.pragma('page_size', { simple: true })) + 24)

function walSize(): number {
  try {
    return statSync(`${settings.path}-wal`).size
  } catch {
    return 0
  }
}

/** Runs a checkpoint; one that is busy or fails is left to the next round. */
function checkpoint(mode: 'PASSIVE' | 'RESTART'): void {
  try {
    db.pragma(`wal_checkpoint(${mode})`)
  } catch {
    // Busy (another checkpoint runs) or a transient error: the next round catches up.
  }
}

if (settings.role === 'checkpointer') {
  let bulkUntil = 0
  let lastPass = 0
  const timer = setInterval(() => {
    const now = Date.now()
    if (now < bulkUntil && now - lastPass < CHECKPOINTER_BULK_INTERVAL_MS) return
    // Past the limit the writer is rewinding: leave it the checkpoint lock.
    if (walSize() <= walLimit) checkpoint('PASSIVE')
    lastPass = now
  }, CHECKPOINTER_INTERVAL_MS)
  port.on('message', (request: WriterRequest) => {
    if (request.type === 'bulk') bulkUntil = request.until
    if (request.type !== 'close') return
    clearInterval(timer)
    db.close()
    port.postMessage({ type: 'closed' } satisfies WriterReply)
    port.close()
  })
} else {
  db.pragma('wal_autocheckpoint = 0')
  db.pragma(`journal_size_limit = ${walLimit}`)
  /**
   * RESTART without waiting: while the checkpointer copies, try again after the next commit (it
   * stops starting new copies once the WAL is past the limit). Past twice the limit, wait.
   */
  const rewind = (size: number) => {
    if (size > 2 * walLimit) return checkpoint('RESTART')
    db.pragma('busy_timeout = 0')
    checkpoint('RESTART')
    db.pragma(`busy_timeout = ${Math.floor(settings.busyTimeoutMs)}`)
  }
  const writer = new SqliteBatchWriter(db, settings.fold)
  let idleFold: NodeJS.Timeout | undefined
  const foldWhenIdle = () => {
    clearTimeout(idleFold)
    if (writer.fold.unfolded === 0 || !Number.isFinite(settings.fold.intervalMs)) return
    idleFold = setTimeout(() => {
      writer.fold.foldIfDue()
      foldWhenIdle()
    }, settings.fold.intervalMs)
  }
  /** Handles one request; false once the connection is closed. */
  const handle = (request: WriterRequest): boolean => {
    if (request.type === 'bulk') return true
    if (request.type === 'close') {
      clearTimeout(idleFold)
      // The next start then begins with no tail to fold (or scan).
      writer.fold.foldAll()
      db.close()
      port.postMessage({ type: 'closed' } satisfies WriterReply)
      port.close()
      return false
    }
    let reply: WriterReply
    try {
      const rows = fromColumns(request.rows)
      const outcomes = encodeOutcomes(rows, writer.commit(rows, request.options))
      reply = { type: 'committed', id: request.id, outcomes }
    } catch (error) {
      reply = { type: 'failed', id: request.id, error: serializeError(error) }
    }
    port.postMessage(reply)
    return true
  }
  port.on('message', (request: WriterRequest) => {
    if (!handle(request)) return
    // Commits already waiting go first; the fold takes the gap after them, or cuts in only
    // once the unfolded tail is long (sqlite-fold.ts).
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
      writer.fold.foldIfDue(true)
      if (!handle(next.message as WriterRequest)) return
    }
    writer.fold.foldIfDue(false)
    foldWhenIdle()
    const size = walSize()
    if (size > walLimit) rewind(size)
  })
}
