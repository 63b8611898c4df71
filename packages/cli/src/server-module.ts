/**
 * `@cebe/registry-server` is an optional peer dependency of the CLI: `validate` and `schemas`
 * must install in seconds for CI, without fastify, pg or a native SQLite build. Only the commands
 * that run or open the store (`serve`, `keys`) load it, here, on first use.
 */
import type * as RegistryServer from '@cebe/registry-server'
import { loadOptionalPackage } from './optional-package.js'
import { SERVER_PACKAGE, SERVER_RANGE } from './package-info.js'

export type ServerModule = typeof RegistryServer

type Importer = () => Promise<ServerModule>

const importServer: Importer = () => import('@cebe/registry-server')

/** The server package, or one clear line saying how to install it when it is missing. */
export function loadServer(command: string, load: Importer = importServer): Promise<ServerModule> {
  return loadOptionalPackage(SERVER_PACKAGE, SERVER_RANGE, command, load)
}
