/**
 * `cebe mcp`: the CEBE MCP server for AI agents (`mcp/cebe-mcp-server.ts`). Over stdio (what
 * desktop MCP clients spawn) it reads with `--key`; with `--http` it serves Streamable HTTP on
 * POST /mcp and reads with each request's own Bearer key. Either way every read goes to the CEBE
 * HTTP API at `--endpoint`, which checks the key and masks by its role. The MCP SDK is an optional
 * peer dependency, loaded here on first use.
 */
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { MCP_DEFAULT_PORT, MCP_PATH } from '../mcp/mcp-endpoint.js'
import { loadOptionalPackage } from '../optional-package.js'
import { MCP_SDK_PACKAGE, MCP_SDK_RANGE } from '../package-info.js'
import { type ApiFlags, addApiOptions, apiTarget, DEFAULT_ENDPOINT } from './api-options.js'

interface McpFlags extends ApiFlags {
  http?: boolean
  port: string
  host: string
}

const loadMcp = () =>
  loadOptionalPackage(MCP_SDK_PACKAGE, MCP_SDK_RANGE, 'mcp', () => import('../mcp/index.js'))

export function registerMcp(program: Command): void {
  addApiOptions(
    program
      .command('mcp')
      .description('run an MCP server that gives AI agents read-only customer memory (stdio, or --http)')
      .option('--http', `serve Streamable HTTP on POST ${MCP_PATH} (clients send their read key as Bearer)`)
      .option('--port <port>', 'port for --http', String(MCP_DEFAULT_PORT))
      .option('--host <host>', 'interface for --http', '127.0.0.1'),
  ).action(async (flags: McpFlags) => {
    if (flags.http) return serveHttp(flags)
    const target = apiTarget(flags)
    await (await loadMcp()).serveStdio(target)
  })
}

async function serveHttp(flags: McpFlags): Promise<void> {
  if (flags.key !== undefined)
    throw new CliError(
      '--key is for stdio; over --http each client sends its own read key as "Authorization: Bearer <key>"',
    )
  const port = Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be 0–65535, got ${flags.port}`)
  const endpoint = flags.endpoint ?? process.env.CEBE_ENDPOINT ?? DEFAULT_ENDPOINT
  if (!/^https?:\/\//.test(endpoint))
    throw new CliError(`--endpoint must be an http(s) URL; got "${endpoint}"`)
  const server = (await loadMcp()).createMcpHttpServer(endpoint)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new CliError(`cannot listen: ${error.message}`, 1)))
    server.listen(port, flags.host, resolve)
  })
  const address = server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  process.stderr.write(
    `cebe mcp: Streamable HTTP on http://${flags.host}:${bound}${MCP_PATH}, reading ${endpoint}\n`,
  )
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      server.close(() => resolve())
      server.closeAllConnections()
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
}
