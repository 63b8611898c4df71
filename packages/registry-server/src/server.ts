/**
 * Runs the registry server: opens the store (running migrations), builds the app, listens, and
 * closes gracefully — stop accepting, answer what is in flight, commit, close the store — on
 * SIGTERM/SIGINT.
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { resolveConfig, type ServerConfig } from './config.js'
import { openStore } from './storage/open-store.js'
import type { InspectableStore } from './storage/store.js'

export interface RunningServer {
  app: FastifyInstance
  store: InspectableStore
  /** `http://host:port` it listens on. */
  url: string
  close(): Promise<void>
}

export async function startServer(
  options: Partial<ServerConfig> & { handleSignals?: boolean } = {},
): Promise<RunningServer> {
  const { handleSignals = false, ...rest } = options
  const config = resolveConfig(rest)
  const store = await openStore(config)
  const app = await buildApp({
    store,
    config,
    logger: config.logLevel === false ? false : { level: config.logLevel },
  }).catch(async (error) => {
    await store.close()
    throw error
  })
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    await app.close()
    await store.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      await app.close()
      await store.close()
    })()
    return closing
  }
  if (handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'closing')
        void close().then(() => process.exit(0))
      })
    }
  }
  return { app, store, url: `http://${host}:${port}`, close }
}
