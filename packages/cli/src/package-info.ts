/**
 * Facts from the CLI's own package.json, read at run time: the version `cebe --version` prints and
 * the ranges of the optional peers (the server, the MCP SDK) the install hints name, so nothing can drift from what is published.
 * The peer range spans every 0.x server: the two are released together from this repository, and
 * a range that a server minor release leaves would make changesets bump the CLI a major.
 * `dist/cli.js` and `src/*.ts` both sit one folder below the package root.
 */
import { createRequire } from 'node:module'

interface CliPackageJson {
  version: string
  peerDependencies?: Record<string, string>
}

const manifest = createRequire(import.meta.url)('../package.json') as CliPackageJson

export const CLI_VERSION = manifest.version
export const SERVER_PACKAGE = '@cebe/registry-server'
export const SERVER_RANGE = manifest.peerDependencies?.[SERVER_PACKAGE] ?? CLI_VERSION
export const MCP_SDK_PACKAGE = '@modelcontextprotocol/sdk'
export const MCP_SDK_RANGE = manifest.peerDependencies?.[MCP_SDK_PACKAGE] ?? 'latest'
