/**
 * `@cebe/registry-server` is an optional peer dependency of the CLI: `validate` and `schemas`
 * must install in seconds for CI, without fastify, pg or a native SQLite build. Only the commands
 * that run or open the store (`serve`, `keys`) load it, here, on first use.
 */
import type * as RegistryServer from '@cebe/registry-server'
import { CliError } from './cli-error.js'
import { SERVER_PACKAGE, SERVER_RANGE } from './package-info.js'

export type ServerModule = typeof RegistryServer

type Importer = () => Promise<ServerModule>

const importServer: Importer = () => import('@cebe/registry-server')

/** The server package, or one clear line saying how to install it when it is missing. */
export async function loadServer(command: string, load: Importer = importServer): Promise<ServerModule> {
  try {
    return await load()
  } catch (error) {
    if (!isMissingServer(error)) throw error
    throw new CliError(
      `\`cebe ${command}\` needs ${SERVER_PACKAGE}, which is not installed: run npm install -D "${SERVER_PACKAGE}@${SERVER_RANGE}"`,
      1,
    )
  }
}

function isMissingServer(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${SERVER_PACKAGE}'`)
  )
}
