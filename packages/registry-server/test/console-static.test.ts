/** `/console/` on a real server: a console build as static files with SPA fallback, or an install hint. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const sqlite = STORES.find((flavour) => flavour.name === 'sqlite')!
const INDEX =
  '<!doctype html><title>CEBE console</title><script type="module" src="/console/assets/app-1a2b.js"></script>'

describe('a server with a console build', () => {
  let server: TestServer
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cebe-console-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), INDEX)
    await writeFile(join(dir, 'assets', 'app-1a2b.js'), 'export const x = 1\n')
    await writeFile(join(dir, 'assets', 'app-1a2b.css'), 'body{}\n')
    server = await startTestServer(sqlite, { config: { consoleDir: dir } })
  })
  afterAll(async () => {
    await server?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('serves index.html at /console/, revalidated on every load, with a strict CSP', async () => {
    const res = await fetch(`${server.url}/console/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await res.text()).toBe(INDEX)
  })

  it('redirects /console to /console/', async () => {
    const res = await fetch(`${server.url}/console`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/console/')
  })

  it('serves hashed assets with their content type, cached for a year', async () => {
    const js = await fetch(`${server.url}/console/assets/app-1a2b.js`)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/^(text|application)\/javascript/)
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const css = await fetch(`${server.url}/console/assets/app-1a2b.css`)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
  })

  it('answers index.html for an app route (the browser routes it) but 404 for a missing file', async () => {
    for (const path of [
      '/console/customers',
      '/console/customers/cust_0001',
      '/console/customers/ana.lim%40example.com',
      '/console/segments?x=1',
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } })
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      expect(await res.text()).toBe(INDEX)
    }
    for (const [path, accept] of [
      ['/console/assets/gone-9z.js', '*/*'],
      ['/console/assets/gone-9z.css', 'text/html,*/*'],
      ['/console/favicon.ico', 'image/avif,image/webp,*/*'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept } })
      expect({ path, status: res.status }).toEqual({ path, status: 404 })
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
  })

  it('does not serve files outside the build', async () => {
    for (const path of ['/console/..%2f..%2fetc%2fpasswd', '/console/assets/..%2f..%2f..%2fetc%2fhosts']) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } })
      const text = await res.text()
      // Either refused or answered with the app page (a path the browser app would route): never the file.
      expect(res.status === 200 ? text : 'refused', path).toMatch(
        /^(refused|<!doctype html><title>CEBE console)/,
      )
      expect(text).not.toMatch(/root:|localhost/)
    }
  })

  it('links the console from GET /, and the link answers 200', async () => {
    const html = await (await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })).text()
    expect(html).toContain('<a href="/console/">')
    const body = (await (
      await fetch(`${server.url}/`, { headers: { accept: 'application/json' } })
    ).json()) as {
      links: Record<string, string>
    }
    expect(body.links.console).toBe('/console/')
    expect((await fetch(`${server.url}${body.links.console}`)).status).toBe(200)
  })

  it('keeps the console out of the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(openapi.paths).filter((path) => path.startsWith('/console'))).toEqual([])
  })
})

describe('a server without a console build', () => {
  let server: TestServer
  let emptyDir: string

  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), 'cebe-console-empty-'))
    server = await startTestServer(sqlite, { config: { consoleDir: emptyDir } })
  })
  afterAll(async () => {
    await server?.close()
    if (emptyDir) await rm(emptyDir, { recursive: true, force: true })
  })

  it('answers /console/ with a 404 page that says how to build it', async () => {
    const res = await fetch(`${server.url}/console/`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('no console build in')
    expect(html).toContain('npm run build')
  })

  it('leaves the console link off GET / and says how to install it', async () => {
    const html = await (await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })).text()
    expect(html).not.toContain('<a href="/console/">')
    expect(html).toContain('npm install @cebe/console')
  })
})

describe('a server with no console configured', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(sqlite)
  })
  afterAll(async () => server?.close())

  it('answers /console/ and its sub-paths with the install hint', async () => {
    for (const path of ['/console/', '/console/overview']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('npm install @cebe/console')
    }
  })
})
