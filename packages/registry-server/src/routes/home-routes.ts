/**
 * `GET /`: where a person who opens the server's address lands. A small HTML page (or JSON, for
 * `Accept: application/json`) linking what the server offers, so the address is not a bare 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'

interface HomeLink {
  rel: string
  href: string
  title: string
}

/** The docs site is not served by this server: `npx cebe docs serve` serves it on this address. */
export const DOCS_SITE_URL = 'http://127.0.0.1:4748/'

export const HOME_LINKS: readonly HomeLink[] = [
  { rel: 'docs', href: DOCS_SITE_URL, title: 'Docs site (start it with: npx cebe docs serve)' },
  { rel: 'openapi', href: '/openapi.json', title: 'OpenAPI document of the HTTP API' },
  { rel: 'schemas', href: '/v1/schemas', title: 'Event catalog and JSON Schemas' },
  { rel: 'health', href: '/healthz', title: 'Liveness' },
  { rel: 'ready', href: '/readyz', title: 'Readiness (the store answers)' },
  { rel: 'metrics', href: '/metrics', title: 'Prometheus metrics' },
]

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (wantsJson(request)) {
      return reply.type('application/json').send({
        name: 'CEBE registry server',
        links: Object.fromEntries(HOME_LINKS.map((link) => [link.rel, link.href])),
      })
    }
    return reply.type('text/html; charset=utf-8').send(homePage())
  })
}

/** JSON only when asked for and HTML is not: browsers list text/html, `curl` sends *\/*. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '').toLowerCase()
  return accept.includes('application/json') && !accept.includes('text/html')
}

function homePage(): string {
  const items = HOME_LINKS.map(
    (link) => `<li><a href="${link.href}">${link.href}</a> — ${escapeHtml(link.title)}</li>`,
  ).join('\n    ')
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>CEBE registry server</title>
  <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style>
</head>
<body>
  <h1>CEBE registry server</h1>
  <p>Send events with <code>POST /v1/events</code> and a write key (<code>npx cebe keys create</code>).</p>
  <ul>
    ${items}
  </ul>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
