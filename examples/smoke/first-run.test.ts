/**
 * A fresh clone's first commands, checked without re-running them: `npm start` builds every
 * package the examples import (not only the CLI's graph), and every public package packs its
 * build — `prepack` builds it, and the tarball lists the files its `exports` and `bin` name.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))

interface Manifest {
  name: string
  private?: boolean
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  exports?: unknown
  main?: string
  module?: string
  types?: string
  bin?: Record<string, string>
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
const folders = (parent: string) =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`)

const packages = folders('packages').map(manifest)
const examples = folders('examples')
  .filter((dir) => dir !== 'examples/smoke')
  .map(manifest)
const workspaceNames = new Set(packages.map((pkg) => pkg.name))

describe('npm start', () => {
  it('builds every package, so each example runs after `npm ci && npm start`', async () => {
    const start = manifest('.').scripts!.start!
    const build = start.split('&&')[0]!.trim()
    expect(build).toMatch(/^turbo run build /)
    const { stdout } = await run('sh', ['-c', `npx ${build} --dry=json`], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    })
    const built = new Set(
      (JSON.parse(stdout) as { tasks: { package: string }[] }).tasks.map((t) => t.package),
    )
    for (const pkg of packages) expect(built, `npm start does not build ${pkg.name}`).toContain(pkg.name)
    for (const example of examples) {
      const imported = Object.keys({ ...example.dependencies, ...example.devDependencies }).filter((name) =>
        workspaceNames.has(name),
      )
      for (const name of imported) expect(built, `${example.name} needs ${name} built`).toContain(name)
    }
  })
})

describe('npm pack', () => {
  const published = packages.filter((pkg) => !pkg.private)

  it.each(published.map((pkg) => [pkg.name, pkg] as const))(
    '%s builds before packing (prepack)',
    (name, pkg) => {
      expect(pkg.scripts?.prepack).toContain(`turbo run build --filter=${name}...`)
    },
  )

  it('each public package tarball holds the built files its manifest names', async () => {
    const workspaces = published.flatMap((pkg) => ['-w', pkg.name])
    // --ignore-scripts: list what the tree holds now; a build here would race other test runs.
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...workspaces], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    })
    const tarballs = JSON.parse(stdout) as { name: string; files: { path: string }[] }[]
    for (const pkg of published) {
      const files = new Set(tarballs.find((t) => t.name === pkg.name)!.files.map((f) => f.path))
      expect(
        [...files].some((path) => path.startsWith('dist/')),
        `${pkg.name} packs no dist/`,
      ).toBe(true)
      for (const named of namedFiles(pkg)) {
        if (named.startsWith('dist/')) expect(files, `${pkg.name} tarball lacks ${named}`).toContain(named)
      }
    }
  })
})

/** The concrete files `exports`, `main`, `module`, `types` and `bin` point at (patterns skipped). */
function namedFiles(pkg: Manifest): string[] {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('*')) found.push(value.replace(/^\.\//, ''))
    } else if (value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner)
  }
  visit([pkg.exports, pkg.main, pkg.module, pkg.types, pkg.bin])
  return found
}
