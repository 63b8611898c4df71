/**
 * `cebe docs build`: regenerates the schema reference from `@cebe/schemas` into `docs/reference/`
 * and builds the VitePress site (output in `docs/.vitepress/dist`).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { generateReference } from '../docs-site/docs-generator.js'

interface DocsBuildOptions {
  dir?: string
  generateOnly?: boolean
}

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
