/**
 * Serves a built static site (the VitePress output) over HTTP the way a static host does. The
 * built pages load their assets from absolute paths (`/assets/…`), so they only work from the
 * root of an HTTP origin, never from `file://`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

export interface StaticSite {
  /** `http://host:port/` */
  url: string
  close(): Promise<void>
}

export async function serveStaticSite(
  root: string,
  options: { host: string; port: number },
): Promise<StaticSite> {
  const base = resolve(root)
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const file = resolveFile(base, request.url ?? '/')
    const status = file ? 200 : 404
    const body = file ?? join(base, '404.html')
    if (!existsSync(body)) {
      response.writeHead(404, { 'content-type': TYPES['.txt']! }).end('not found\n')
      return
    }
    response.writeHead(status, { 'content-type': TYPES[extname(body)] ?? 'application/octet-stream' })
    if (request.method === 'HEAD') response.end()
    else createReadStream(body).pipe(response)
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port, options.host, () => {
      server.off('error', fail)
      done()
    })
  })
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  }
}

/** The file a URL path names, trying `.html` and `index.html` like static hosts do; never outside `base`. */
function resolveFile(base: string, url: string): string | undefined {
  let path: string
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname)
  } catch {
    return undefined
  }
  const target = resolve(base, `.${path}`)
  if (target !== base && !target.startsWith(base + sep)) return undefined
  const candidates = path.endsWith('/')
    ? [join(target, 'index.html')]
    : [target, `${target}.html`, join(target, 'index.html')]
  return candidates.find((file) => existsSync(file) && statSync(file).isFile())
}
