/** A real server on 127.0.0.1:<random port> over a test store, and a small HTTP client for it. */
import { gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { buildApp, generateApiKey, type InspectableStore, type ServerConfig } from '../../src/index.js'
import type { StoreFlavour, TestDatabase } from './test-stores.js'

export interface TestServer {
  url: string
  app: FastifyInstance
  store: InspectableStore
  database: TestDatabase
  writeKey(company: string, modules?: string[]): Promise<string>
  readKey(company: string, role?: string): Promise<string>
  post(
    path: string,
    body: unknown,
    init?: { key?: string; headers?: Record<string, string>; gzip?: boolean },
  ): Promise<HttpResult>
  get(path: string, key?: string): Promise<HttpResult>
  close(): Promise<void>
}

export interface HttpResult {
  status: number
  headers: Headers
  body: any
}

export const ALL_MODULES = ['cdp', 'campaign', 'communication', 'ticketing', 'deals', 'conversion', 'loyalty']

export async function createKey(
  store: InspectableStore,
  company: string,
  type: 'write' | 'read',
  extra: { modules?: string[]; role?: string } = {},
) {
  const generated = generateApiKey(type)
  await store.createKey({
    id: generated.id,
    keyHash: generated.keyHash,
    companyId: company,
    type,
    modules: type === 'write' ? (extra.modules ?? ALL_MODULES) : [],
    role: type === 'read' ? ((extra.role ?? 'admin') as 'admin') : null,
    name: null,
  })
  return generated.key
}

export async function startTestServer(
  flavour: StoreFlavour,
  options: { config?: Partial<ServerConfig>; busyTimeoutMs?: number; database?: TestDatabase } = {},
): Promise<TestServer> {
  const database = options.database ?? (await flavour.create())
  const store = await database.open({ busyTimeoutMs: options.busyTimeoutMs ?? 5000 })
  const app = await buildApp({ store, config: { keyCacheTtlMs: 0, ...options.config } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    url,
    app,
    store,
    database,
    writeKey: (company, modules) => createKey(store, company, 'write', { modules }),
    readKey: (company, role) => createKey(store, company, 'read', { role }),
    post: (path, body, init = {}) => request(url, 'POST', path, body, init),
    get: (path, key) => request(url, 'GET', path, undefined, { key }),
    async close() {
      await app.close()
      await store.close()
      if (!options.database) await database.drop()
    },
  }
}

export async function request(
  base: string,
  method: string,
  path: string,
  body: unknown,
  init: { key?: string; headers?: Record<string, string>; gzip?: boolean } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
  }
  if (init.key) headers.authorization = `Bearer ${init.key}`
  let payload: string | Buffer | undefined =
    body === undefined
      ? undefined
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body)
  if (init.gzip && payload !== undefined) {
    payload = gzipSync(payload)
    headers['content-encoding'] = 'gzip'
  }
  Object.assign(headers, init.headers)
  const response = await fetch(`${base}${path}`, { method, headers, body: payload })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: response.status, headers: response.headers, body: parsed }
}
