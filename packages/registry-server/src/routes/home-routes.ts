/**
 * `GET /`: where a person who opens the server's address lands. A small HTML page (or JSON, for
 * `Accept: application/json`) linking what the server offers, so the address is not a bare 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CONSOLE_PACKAGE, CONSOLE_PATH } from '../console/console-routes.js'
import { escapeHtml } from '../html.js'

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

const CONSOLE_LINK: HomeLink = {
  rel: 'console',
  href: CONSOLE_PATH,
  title: 'Console: metrics, customers, segments, ingest health and webhooks (sign in with a read key)',
}

/** The links of this server: the console's only when its build is served. */
export function homeLinks(consoleServed: boolean): readonly HomeLink[] {
  return consoleServed ? [CONSOLE_LINK, ...HOME_LINKS] : HOME_LINKS
}

export async function homeRoutes(app: FastifyInstance, options: { consoleServed: boolean }): Promise<void> {
  const links = homeLinks(options.consoleServed)
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (wantsJson(request)) {
      return reply.type('application/json').send({
        name: 'CEBE registry server',
        links: Object.fromEntries(links.map((link) => [link.rel, link.href])),
      })
    }
    return reply.type('text/html; charset=utf-8').send(homePage(links, options.consoleServed))
  })
}

/** JSON only when asked for and HTML is not: browsers list text/html, `curl` sends *\/*. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '').toLowerCase()
  return accept.includes('application/json') && !accept.includes('text/html')
}

function homePage(links: readonly HomeLink[], consoleServed: boolean): string {
  const consoleNote = consoleServed
    ? ''
    : `\n  <p>The web console is not installed: <code>npm install ${CONSOLE_PACKAGE}</code> serves it at <code>${CONSOLE_PATH}</code>.</p>`
  const items = links
    .map((link) => `<li><a href="${link.href}">${link.href}</a> — ${escapeHtml(link.title)}</li>`)
    .join('\n    ')
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
  </ul>${consoleNote}
</body>
</html>
`
}
