/** `GET /` on a real server: a page (or JSON) whose links all answer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const sqlite = STORES.find((flavour) => flavour.name === 'sqlite')!

describe('GET /', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(sqlite)
  })
  afterAll(async () => server?.close())

  it('answers a browser with an HTML page linking the docs, OpenAPI, schemas, health, readiness and metrics', async () => {
    for (const accept of ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', '*/*']) {
      const res = await fetch(`${server.url}/`, { headers: { accept } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      const html = await res.text()
      for (const href of [
        '/openapi.json',
        '/v1/schemas',
        '/healthz',
        '/readyz',
        '/metrics',
        'http://127.0.0.1:4748/',
      ])
        expect(html).toContain(`<a href="${href}">`)
      expect(html).toContain('npx cebe docs serve')
    }
  })

  it('answers Accept: application/json with the same links, each of which answers 200', async () => {
    const res = await fetch(`${server.url}/`, { headers: { accept: 'application/json' } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { name: string; links: Record<string, string> }
    expect(body.links).toMatchObject({
      openapi: '/openapi.json',
      schemas: '/v1/schemas',
      health: '/healthz',
      ready: '/readyz',
      metrics: '/metrics',
      docs: 'http://127.0.0.1:4748/',
    })
    for (const [rel, href] of Object.entries(body.links)) {
      if (rel === 'docs') continue
      expect({ href, status: (await fetch(`${server.url}${href}`)).status }).toEqual({ href, status: 200 })
    }
  })

  it('stays out of the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(openapi.paths)).not.toContain('/')
  })
})
