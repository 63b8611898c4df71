/**
 * `cebe mcp --http`: the MCP server over Streamable HTTP, stateless — every POST to /mcp gets its
 * own server bound to the read key of that request's `Authorization: Bearer` header, so one
 * process serves agents with different keys and each sees only what its key may read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createCebeMcpServer } from './cebe-mcp-server.js'
import { MCP_PATH } from './mcp-endpoint.js'

export function createMcpHttpServer(endpoint: string): Server {
  return createServer((request, response) => {
    handle(endpoint, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 500, 'internal', error instanceof Error ? error.message : String(error))
    })
  })
}

async function handle(endpoint: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname
  if (path !== MCP_PATH) return reply(response, 404, 'not_found', `the MCP endpoint is POST ${MCP_PATH}`)
  if (request.method !== 'POST')
    return reply(response, 405, 'method_not_allowed', `this stateless MCP server takes POST ${MCP_PATH} only`)
  const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  if (!key) {
    return reply(
      response,
      401,
      'unauthorized',
      'send a CEBE read key as "Authorization: Bearer <key>"; `cebe keys create --type read` makes one',
    )
  }
  const server = createCebeMcpServer({ endpoint, key })
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  })
  response.on('close', () => {
    void transport.close()
    void server.close()
  })
  await server.connect(transport)
  await transport.handleRequest(request, response)
}

function reply(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ error: { code, message } }))
}
