/**
 * The server under test, in its own process: `node --import tsx server-process.ts <database-url>`.
 * CEBE_BENCH_SERVER_MODULE: another build of the server to load (an absolute path to its
 * dist/index.js, e.g. the last commit's, to compare before/after in the same conditions).
 * CEBE_BENCH_SERVER_CONFIG: JSON options merged over the defaults (e.g. '{"sqliteCacheMiB":16}').
 */
import type * as Server from '@cebe/registry-server'

const { startServer }: typeof Server = process.env.CEBE_BENCH_SERVER_MODULE
  ? await import(process.env.CEBE_BENCH_SERVER_MODULE)
  : await import('@cebe/registry-server')

const server = await startServer({
  databaseUrl: process.argv[2]!,
  port: 0,
  logLevel: false,
  handleSignals: true,
  ...(process.env.CEBE_BENCH_SERVER_CONFIG ? JSON.parse(process.env.CEBE_BENCH_SERVER_CONFIG) : {}),
})
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
