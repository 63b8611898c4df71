/**
 * What `cebe mcp` loads on first use (the MCP SDK is an optional peer dependency): the server
 * over stdio and the Streamable HTTP server.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { ApiTarget } from '../api-client.js'
import { createCebeMcpServer } from './cebe-mcp-server.js'

export { createMcpHttpServer } from './http-server.js'

/** Serves one MCP client over stdin/stdout until it closes stdin. */
export async function serveStdio(target: ApiTarget): Promise<void> {
  const server = createCebeMcpServer(target)
  await server.connect(new StdioServerTransport())
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve)
    process.stdin.once('close', resolve)
  })
  await server.close()
}
