/**
 * `/console/`: the built web console (@cebe/console) as static files. Hashed assets are cached for
 * a year; `index.html` is revalidated on every load so a new build is picked up at once. Any other
 * page load under /console/ (a GET asking for HTML) answers `index.html` — the app routes in the
 * browser — while a missing asset stays a 404. Without a console build the same paths answer a page saying how to install it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { escapeHtml } from '../html.js'

export const CONSOLE_PATH = '/console/'
export const CONSOLE_PACKAGE = '@cebe/console'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'
// The app loads only its own files and talks only to this server; keys never leave the origin.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/** True when `dir` holds a console build (its `index.html`). */
export function isConsoleBuild(dir: string | null | undefined): dir is string {
  return typeof dir === 'string' && existsSync(join(dir, 'index.html'))
}

export async function consoleRoutes(app: FastifyInstance, options: { dir: string | null }): Promise<void> {
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PATH))
  if (!isConsoleBuild(options.dir)) {
    const notInstalled = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.status(404).type('text/html; charset=utf-8').send(notInstalledPage(options.dir))
    app.get('/console/', { schema: { hide: true } }, notInstalled)
    app.get('/console/*', { schema: { hide: true } }, notInstalled)
    return
  }
  const root = options.dir
  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        index: ['index.html'],
        cacheControl: false,
        redirect: false,
        setHeaders: (res, path) => {
          const isAsset = /[\\/]assets[\\/]/.test(path)
          res.setHeader('cache-control', isAsset ? IMMUTABLE : REVALIDATE)
          if (!isAsset)
            for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
        },
      })
      scope.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0] ?? ''
        // Page loads ask for HTML; a missing script, style or image stays a 404 (ids may hold dots).
        const wantsPage = String(request.headers.accept ?? '').includes('text/html')
        if (request.method !== 'GET' || path.startsWith(`${CONSOLE_PATH}assets/`) || !wantsPage) {
          return reply.status(404).send({ error: { code: 'not_found', message: `no console file ${path}` } })
        }
        return reply.sendFile('index.html')
      })
    },
    { prefix: CONSOLE_PATH.slice(0, -1) },
  )
}

function notInstalledPage(dir: string | null): string {
  const reason = dir
    ? `There is no console build in <code>${escapeHtml(dir)}</code>: run <code>npm run build</code> in the CEBE repository.`
    : `The console package is not installed: run <code>npm install ${CONSOLE_PACKAGE}</code> beside <code>@cebe/cli</code> and restart <code>cebe serve</code>.`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CEBE console not installed</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>CEBE console not installed</h1><p>${reason}</p><p><a href="/">Back to the server's home page</a></p>
</body></html>
`
}
