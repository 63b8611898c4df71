/**
 * `cebe docs build`: regenerates the schema reference from `@cebe/schemas` into `docs/reference/`
 * and builds the VitePress site (output in `docs/.vitepress/dist`). `cebe docs serve` serves that
 * output on a local port: its pages use absolute asset paths, so they cannot be opened from disk.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { generateReference } from '../docs-site/docs-generator.js'
import { serveStaticSite } from '../docs-site/static-site.js'

interface DocsBuildOptions {
  dir?: string
  generateOnly?: boolean
}

interface DocsServeOptions {
  dir?: string
  port: string
  host: string
}

/** The port `docs serve` listens on by default: next to the registry server's 4747. */
export const DOCS_PORT = 4748

export function registerDocs(program: Command): void {
  const docs = program.command('docs').description('the schema docs site')
  docs
    .command('build')
    .description('generate the reference pages from @cebe/schemas and build the VitePress site')
    .option('--dir <dir>', 'the docs folder (holding .vitepress/config.ts); default ./docs, else .')
    .option('--generate-only', 'write the generated pages only; skip the VitePress build')
    .addHelpText(
      'after',
      '\nExit codes: 0 built · 1 generation or build failed · 2 usage error or no docs folder',
    )
    .action(async (options: DocsBuildOptions) => {
      const dir = docsDir(options.dir)
      const generated = await generateReference(dir)
      process.stdout.write(`generated ${generated.pages} reference pages in ${join(dir, 'reference')}\n`)
      if (!options.generateOnly) await vitepressBuild(dir)
      process.exitCode = 0
    })
  docs
    .command('serve')
    .description('serve the built docs site on a local port and print its URL (Ctrl-C stops it)')
    .option('--dir <dir>', 'the docs folder (holding .vitepress/config.ts); default ./docs, else .')
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DOCS_PORT))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addHelpText('after', '\nExit codes: 0 stopped · 1 the port is taken · 2 usage error or no built site')
    .action(async (options: DocsServeOptions) => {
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port must be 0–65535, got ${options.port}`)
      const site = join(docsDir(options.dir), '.vitepress', 'dist')
      if (!existsSync(join(site, 'index.html')))
        throw new CliError(
          `no built docs site in ${site}: build it first with npx cebe docs build (or npm run build -w @cebe/docs)`,
        )
      const running = await serveStaticSite(site, { host: options.host, port }).catch((error: Error) => {
        throw new CliError(`cannot serve the docs on ${options.host}:${port}: ${error.message}`, 1)
      })
      process.stdout.write(`docs site: ${running.url} (serving ${site}; Ctrl-C stops it)\n`)
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGTERM', stop)
          process.off('SIGINT', stop)
          void running.close().then(done, done)
        }
        process.once('SIGTERM', stop)
        process.once('SIGINT', stop)
      })
      process.exitCode = 0
    })
}

function docsDir(option: string | undefined): string {
  const candidates = option ? [option] : ['docs', '.']
  for (const candidate of candidates) {
    const dir = resolve(candidate)
    if (existsSync(join(dir, '.vitepress', 'config.ts')) || existsSync(join(dir, '.vitepress', 'config.mts')))
      return dir
  }
  throw new CliError(
    option
      ? `${option} is not a docs folder: it has no .vitepress/config.ts`
      : 'no docs folder here: run from the repository root, or pass --dir <docs folder>',
  )
}

function vitepressBin(dir: string): string {
  try {
    const pkg = createRequire(join(dir, 'package.json')).resolve('vitepress/package.json')
    return join(dirname(pkg), 'bin', 'vitepress.js')
  } catch {
    throw new CliError(`vitepress is not installed for ${dir}; run "npm ci" in the repository first`)
  }
}

async function vitepressBuild(dir: string): Promise<void> {
  const child = spawn(process.execPath, [vitepressBin(dir), 'build', dir], { stdio: 'inherit' })
  const code = await new Promise<number>((done, fail) => {
    child.on('error', fail)
    child.on('close', (exit) => done(exit ?? 1))
  })
  if (code !== 0) throw new CliError(`vitepress build failed (exit code ${code}); see its output above`, 1)
  process.stdout.write(`built the docs site in ${join(dir, '.vitepress', 'dist')}\n`)
}
