/**
 * Where `cebe schemas diff` finds a catalog to compare: a folder of exported artifacts, a
 * published (or packed) `@cebe/schemas`, or a git ref of this repository. Each becomes the same
 * `CatalogSnapshot` the compatibility checker reads.
 */
import { execFile } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { CatalogSnapshot, JsonSchema } from '@cebe/schemas'
import { CliError } from './cli-error.js'

const run = promisify(execFile)

export const SCHEMAS_PACKAGE = '@cebe/schemas'
/** Where the artifacts live in this repository, for git refs. */
export const REPO_ARTIFACTS = 'packages/schemas/json-schema'

export interface CatalogSource {
  /** What was read, for the report: `git HEAD~1`, `npm @cebe/schemas@0.1.0`, a folder. */
  label: string
  snapshot: CatalogSnapshot
}

interface CatalogIndex {
  events: { name: string; module: string; versions: { version: string; schema: string }[] }[]
}

/**
 * Reads a catalog from `spec`: `npm:<spec>` or a semver version (npm), `git:<ref>`, a folder
 * (an export, or a package folder holding `json-schema/`), a `.tgz` of the package, else a git ref.
 */
export async function loadCatalogSource(spec: string, cwd = process.cwd()): Promise<CatalogSource> {
  if (spec.startsWith('npm:')) return fromNpm(spec.slice(4), cwd)
  if (spec.startsWith('git:')) return fromGit(spec.slice(4), cwd)
  const path = resolve(cwd, spec)
  if (existsSync(path) && statSync(path).isDirectory())
    return { label: spec, snapshot: await readArtifacts(path) }
  if (existsSync(path) && /\.(tgz|tar\.gz)$/.test(spec)) return fromNpm(spec, cwd)
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec)) return fromNpm(`${SCHEMAS_PACKAGE}@${spec}`, cwd)
  return fromGit(spec, cwd)
}

/** Reads `catalog.json` and every schema it lists from an export (or a folder holding `json-schema/`). */
export async function readArtifacts(dir: string): Promise<CatalogSnapshot> {
  const root = existsSync(join(dir, 'catalog.json')) ? dir : join(dir, 'json-schema')
  const index = await readJson<CatalogIndex>(join(root, 'catalog.json')).catch(() => {
    throw new CliError(
      `${dir} has no catalog.json; write one with "cebe schemas export --out ${dir}" or pass an npm version or git ref`,
    )
  })
  if (!Array.isArray(index.events))
    throw new CliError(`${join(root, 'catalog.json')} is not a CEBE catalog index`)
  const events: CatalogSnapshot['events'] = {}
  for (const event of index.events) {
    const versions: Record<string, JsonSchema> = {}
    for (const { version, schema } of event.versions) {
      versions[version] = await readJson<JsonSchema>(join(root, schema)).catch(() => {
        throw new CliError(`${join(root, schema)} is listed in catalog.json but cannot be read`)
      })
    }
    events[event.name] = { module: event.module, versions }
  }
  return { events }
}

async function fromNpm(spec: string, cwd: string): Promise<CatalogSource> {
  return withTempDir(async (dir) => {
    let filename: string
    try {
      const { stdout } = await run('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent'], {
        cwd,
        maxBuffer: 16 * 1024 * 1024,
      })
      filename = (JSON.parse(stdout) as { filename: string }[])[0]!.filename
    } catch (error) {
      throw new CliError(npmError(spec, error))
    }
    await run('tar', ['-xzf', join(dir, filename), '-C', dir])
    return { label: `npm ${spec}`, snapshot: await readArtifacts(join(dir, 'package')) }
  })
}

async function fromGit(ref: string, cwd: string): Promise<CatalogSource> {
  const top = await run('git', ['rev-parse', '--show-toplevel'], { cwd }).catch(() => {
    throw new CliError(
      `--base "${ref}" is not a folder or an npm version, and ${cwd} is not in a git repository`,
    )
  })
  const root = top.stdout.trim()
  await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root }).catch(() => {
    throw new CliError(`--base "${ref}" is not a folder, an npm version (like 0.1.0) or a git ref of ${root}`)
  })
  return withTempDir(async (dir) => {
    const archive = join(dir, 'base.tar')
    await run('git', ['archive', '--format=tar', '-o', archive, ref, REPO_ARTIFACTS], { cwd: root }).catch(
      () => {
        throw new CliError(`git ref ${ref} has no ${REPO_ARTIFACTS} folder to compare with`)
      },
    )
    await run('tar', ['-xf', archive, '-C', dir])
    return { label: `git ${ref}`, snapshot: await readArtifacts(join(dir, REPO_ARTIFACTS)) }
  })
}

function npmError(spec: string, error: unknown): string {
  const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
  const text = `${stdout} ${stderr} ${error instanceof Error ? error.message : ''}`
  if (/E404|ETARGET|No matching version|is not in this registry/i.test(text))
    return `${spec} is not published on the npm registry; pass a folder ("cebe schemas export --out <dir>"), a .tgz or a git ref instead`
  if (/ENOENT|ENOTDIR|Could not read|no such file/i.test(text))
    return `cannot pack ${spec}: no such file or folder`
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(text))
    return `cannot reach the npm registry to fetch ${spec}; pass a folder, a .tgz or a git ref instead`
  const summary = /"summary": "([^"]*)"/.exec(stdout)?.[1]
  return `npm pack ${spec} failed${summary ? `: ${summary}` : ''}`
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cebe-schemas-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T
}
