/** The server under test, in its own process: `node --import tsx server-process.ts <database-url>`. */
import { startServer } from '@cebe/registry-server'

const server = await startServer({
  databaseUrl: process.argv[2]!,
  port: 0,
  logLevel: false,
  handleSignals: true,
})
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
