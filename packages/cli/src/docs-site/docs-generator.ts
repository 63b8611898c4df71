/**
 * Writes the generated half of the docs site — `docs/reference/` — from `@cebe/schemas`: a page per
 * event and module, the envelope, metrics, HTTP API and decision index. Every example envelope is
 * validated first, so the docs never show an event the server would reject.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getCatalog, SOURCE_MODULES, validateEvent } from '@cebe/schemas'
import { CliError } from '../cli-error.js'
import { apiPage, type OpenApiDocument } from './api-page.js'
import { eventPage } from './event-page.js'
import { serverOpenApi } from './openapi-source.js'
import {
  catalogPage,
  type Decision,
  decisionsPage,
  envelopePage,
  metricsPage,
  modulePage,
} from './reference-pages.js'
import { REFERENCE_DIR } from './site-links.js'

/** Kept across regenerations: a committed OpenAPI document the API page falls back to. */
const OPENAPI_FILE = 'openapi.json'

export interface GenerateResult {
  pages: number
  apiSource: string
}

export async function generateReference(docsDir: string): Promise<GenerateResult> {
  const catalog = getCatalog()
  for (const entry of catalog) {
    for (const version of entry.versions) {
      const result = validateEvent(version.example, { now: Date.parse('2100-01-01T00:00:00Z') })
      if (!result.ok)
        throw new CliError(
          `the example of ${entry.name} ${version.version} is invalid: ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
          1,
        )
    }
  }

  const dir = join(docsDir, REFERENCE_DIR)
  await clean(dir)
  const pages = new Map<string, string>()
  pages.set('index.md', catalogPage(catalog))
  for (const entry of catalog) pages.set(`events/${entry.name}.md`, eventPage(entry))
  for (const module of SOURCE_MODULES) pages.set(`modules/${module}.md`, modulePage(module, catalog))
  pages.set('envelope.md', envelopePage())
  pages.set('metrics.md', metricsPage())
  const api = await loadOpenApi(dir)
  pages.set('http-api.md', apiPage(api.document, api.source))
  pages.set('decisions.md', decisionsPage(await readDecisions(join(docsDir, 'adr'))))

  for (const [path, content] of pages) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return { pages: pages.size, apiSource: api.source }
}

async function clean(dir: string): Promise<void> {
  if (!existsSync(dir)) return
  for (const name of await readdir(dir)) {
    if (name !== OPENAPI_FILE) await rm(join(dir, name), { recursive: true, force: true })
  }
}

async function loadOpenApi(dir: string): Promise<{ document?: OpenApiDocument; source: string }> {
  const server = await serverOpenApi()
  if (server.document?.paths)
    return { document: server.document, source: 'the registry server’s OpenAPI document' }
  const committed = join(dir, OPENAPI_FILE)
  if (existsSync(committed)) {
    return {
      document: JSON.parse(await readFile(committed, 'utf8')) as OpenApiDocument,
      source: `the committed \`docs/${REFERENCE_DIR}/${OPENAPI_FILE}\``,
    }
  }
  process.stderr.write(
    `cebe: the server's OpenAPI document is unavailable (${server.problem}); using the API contract\n`,
  )
  return {
    source:
      'the API contract in ARCHITECTURE.md (the server’s OpenAPI document was not available at build time)',
  }
}

/** ADRs are hand-written by whoever makes the decision; the index lists them by their `# ` title. */
async function readDecisions(dir: string): Promise<Decision[]> {
  if (!existsSync(dir)) return []
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md') && f !== 'index.md').sort()
  return Promise.all(
    files.map(async (file) => {
      const body = await readFile(join(dir, file), 'utf8')
      const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? file.replace(/\.md$/, '')
      return { slug: file.replace(/\.md$/, ''), title }
    }),
  )
}
