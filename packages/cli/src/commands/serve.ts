/**
 * `cebe serve`: the registry server on SQLite (./cebe.db, zero set-up) or PostgreSQL. Runs until
 * SIGTERM/SIGINT, then closes gracefully: in-flight requests are answered and committed first.
 */
import type { Durability, RunningServer } from '@cebe/registry-server'
import { type Command, Option } from 'commander'
import { CliError } from '../cli-error.js'
import { type ConsoleBuild, describeConsole, findConsoleBuild } from '../console-build.js'
import { type DemoData, loadDemoData } from '../demo-data.js'
import { demoKeysFile } from '../demo-keys.js'
import { loadServer, type ServerModule } from '../server-module.js'
import {
  addStoreOptions,
  describeStore,
  describeUrl,
  type ResolvedStore,
  resolveStore,
  type StoreFlags,
  storeFlag,
} from './store-options.js'

interface ServeFlags extends StoreFlags {
  demo?: boolean
  port: string
  host: string
  durability: Durability
  logLevel: string
}

export function registerServe(program: Command): void {
  addStoreOptions(
    program
      .command('serve')
      .description('run the registry server (ingest, schema registry, health and metrics)')
      .option('--port <port>', 'port to listen on', '4747')
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option(
        '--demo',
        'load the demo data set (300 customers, 6 months, all modules) and print a write key and a read key',
      )
      .addOption(
        new Option(
          '--durability <level>',
          'SQLite: process-crash keeps acked events through kill -9; power-loss also through power cuts (fsync per commit)',
        )
          .choices(['process-crash', 'power-loss'])
          .default('process-crash'),
      )
      .addOption(
        new Option('--log-level <level>', 'request log level')
          .choices(['fatal', 'error', 'warn', 'info', 'debug'])
          .default('warn'),
      ),
  ).action(async (flags: ServeFlags) => {
    const port = Number(flags.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`--port must be 0–65535, got ${flags.port}`)
    const store = resolveStore(flags)
    const serverModule = await loadServer('serve')
    process.stderr.write(`cebe: database ${describeStore(store)}\n`)
    const consoleBuild = findConsoleBuild()
    let server: RunningServer
    try {
      server = await serverModule.startServer({
        databaseUrl: store.url,
        port,
        host: flags.host,
        durability: flags.durability,
        logLevel: flags.logLevel,
        consoleDir: consoleBuild.status === 'not-installed' ? null : consoleBuild.dir,
      })
    } catch (error) {
      throw new CliError(`cannot start: ${(error as Error).message}`, 1)
    }
    const durability =
      store.kind === 'postgres' ? 'synchronous_commit of the server' : `durability ${flags.durability}`
    process.stdout.write(
      [
        `CEBE registry server listening on ${server.url}`,
        `store: ${describeUrl(store.url)} (${durability})`,
        `get a write key: npx cebe keys create --company <id> --type write ${storeFlag(store)} --json`,
        `then: POST ${server.url}/v1/events with "Authorization: Bearer <key>" · OpenAPI ${server.url}/openapi.json`,
        describeConsole(consoleBuild, server.url),
        '',
      ].join('\n'),
    )
    if (flags.demo) await printDemo(server, serverModule, store, consoleBuild)
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop)
        process.off('SIGINT', stop)
        void server.close().then(resolve, resolve)
      }
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
  })
}

async function printDemo(
  server: RunningServer,
  serverModule: ServerModule,
  store: ResolvedStore,
  consoleBuild: ConsoleBuild,
): Promise<void> {
  let demo: DemoData
  try {
    demo = await loadDemoData(server.store, server.url, serverModule, demoKeysFile(store))
  } catch (error) {
    await server.close()
    throw new CliError(`--demo: ${(error as Error).message}`, 1)
  }
  process.stdout.write(
    [
      `demo: ${demo.accepted} events stored (${demo.duplicates} already there) for company ${demo.companyId}`,
      `demo write key: ${demo.keys.writeKey}`,
      `demo read key (admin): ${demo.keys.readKey}`,
      demo.keys.file
        ? `demo keys ${demo.keys.reused ? 'reused from' : 'saved in'} ${demo.keys.file} (the same keys on every restart)`
        : 'demo keys are new on every start: the store is in memory',
      `try: curl -s ${server.url}/v1/customers/cust_0001/timeline -H "Authorization: Bearer ${demo.keys.readKey}"`,
      ...(consoleBuild.status === 'ready'
        ? [`console: open ${server.url}/console/ and paste the demo read key: ${demo.keys.readKey}`]
        : []),
      '',
    ].join('\n'),
  )
}
