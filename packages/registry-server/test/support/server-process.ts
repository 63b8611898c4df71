/**
 * A registry server in a child process, for the two-process and SIGKILL tests:
 * `node --import tsx server-process.ts <database-url> [<config JSON>]` prints `{"url": …}` once it listens.
 */
import { startServer } from '../../src/index.js'

const server = await startServer({
  databaseUrl: process.argv[2]!,
  port: 0,
  logLevel: false,
  keyCacheTtlMs: 60_000,
  sqliteCacheMiB: 16,
  handleSignals: true,
  ...(process.argv[3] ? JSON.parse(process.argv[3]) : {}),
})
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
