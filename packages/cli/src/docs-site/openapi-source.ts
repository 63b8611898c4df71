/**
 * The server's OpenAPI document, built the way the server builds it: the app on an in-memory
 * SQLite store, asked for `GET /openapi.json` by injection — never listening, never touching a real database.
 */
import type { OpenApiDocument } from './api-page.js'

export async function serverOpenApi(): Promise<{ document?: OpenApiDocument; problem?: string }> {
  try {
    const server = await import('@cebe/registry-server')
    const store = await server.openStore({ ...server.DEFAULT_CONFIG, databaseUrl: ':memory:' })
    try {
      const app = await server.buildApp({ store, logger: false })
      const response = await app.inject({ method: 'GET', url: '/openapi.json' })
      await app.close()
      if (response.statusCode !== 200) return { problem: `GET /openapi.json answered ${response.statusCode}` }
      return { document: response.json() as OpenApiDocument }
    } finally {
      await store.close()
    }
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) }
  }
}
