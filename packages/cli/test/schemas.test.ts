import { execFile } from 'node:child_process'
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { artifactFiles } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { cebe, cebeProcess, withTempDir } from './run-cli.js'

const run = promisify(execFile)
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'))
const writeJson = (path: string, value: unknown) => writeFile(path, JSON.stringify(value, null, 2))

/** Adds a property to one event version's schema in an export folder, required or not. */
async function addField(dir: string, event: string, version: string, field: string, required: boolean) {
  const path = join(dir, 'events', event, `${version}.json`)
  const schema = await readJson(path)
  schema.properties.event_attributes.properties[field] = { type: 'string' }
  if (required) schema.properties.event_attributes.required.push(field)
  await writeJson(path, schema)
}

/** Publishes `version` of `event` in an export folder as a copy of its previous version. */
async function addVersion(dir: string, event: string, from: string, version: string) {
  const schema = await readJson(join(dir, 'events', event, `${from}.json`))
  schema['x-cebe-version'] = version
  schema.properties.schema_version.const = version
  await writeJson(join(dir, 'events', event, `${version}.json`), schema)
  const catalog = await readJson(join(dir, 'catalog.json'))
  const entry = catalog.events.find((e: { name: string }) => e.name === event)
  entry.versions.push({ version, schema: `events/${event}/${version}.json` })
  entry.latest = version
  await writeJson(join(dir, 'catalog.json'), catalog)
}

describe('cebe schemas export', () => {
  it('writes every JSON Schema artifact, byte for byte what the package ships', () =>
    withTempDir(async (dir) => {
      const out = join(dir, 'nested', 'schemas')
      const result = await cebe('schemas', 'export', '--out', out)
      const files = artifactFiles()
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(result.stdout).toBe(
        `wrote ${files.size} files to ${out} (catalog.json, envelope.json, events/)\n`,
      )
      for (const [path, content] of files) expect(await readFile(join(out, path), 'utf8')).toBe(content)
    }))

  it('requires --out and fails in one line when it cannot write', () =>
    withTempDir(async (dir) => {
      const missing = await cebe('schemas', 'export')
      expect(missing.code).toBe(2)
      expect(missing.stderr).toMatch(/required option '--out <dir>' not specified/)
      await writeFile(join(dir, 'file'), '')
      const blocked = await cebe('schemas', 'export', '--out', join(dir, 'file'))
      expect(blocked.code).toBe(2)
      expect(blocked.stderr).toMatch(/^cebe: cannot write to .*file: /)
      expect(blocked.stderr.trim().split('\n')).toHaveLength(1)
    }))
})

describe('cebe schemas diff', () => {
  it('says "no changes" against an export of the working catalog', () =>
    withTempDir(async (dir) => {
      await cebe('schemas', 'export', '--out', dir)
      const result = await cebe('schemas', 'diff', '--base', dir)
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(
        /^✓ no schema changes between .* and the working catalog \(@cebe\/schemas [\d.]+\)\n$/,
      )
    }))

  it('fails the gate when a breaking change lacks its MODEL bump, and says which version to declare', () =>
    withTempDir(async (dir) => {
      const [base, head] = [join(dir, 'base'), join(dir, 'head')]
      await cebe('schemas', 'export', '--out', base)
      await cp(base, head, { recursive: true })
      await addField(head, 'campaign.replied', '1-0-0', 'reply_id', true)
      const result = await cebe('schemas', 'diff', '--base', base, '--head', head)
      expect(result.code).toBe(1)
      expect(result.stdout).toContain(
        'campaign.replied 1-0-0 → 1-0-0: needs MODEL, declares none ✗ changes need a MODEL bump but 1-0-0 → 1-0-0 declares none; declare 2-0-0',
      )
      expect(result.stdout).toMatch(/ {2}MODEL {5}\/event_attributes\/reply_id +required "reply_id" added/)
      expect(result.stdout).toContain('needs a major release')
      expect(result.stdout).toContain('✗ 1 event fails the SchemaVer gate: campaign.replied')
    }))

  it('passes a correctly versioned change and prints the semver bump the release needs', () =>
    withTempDir(async (dir) => {
      const [base, head] = [join(dir, 'base'), join(dir, 'head')]
      await cebe('schemas', 'export', '--out', base)
      await cp(base, head, { recursive: true })
      await addVersion(head, 'campaign.sent', '1-0-0', '1-0-1')
      await addField(head, 'campaign.sent', '1-0-1', 'note', false)
      const text = await cebe('schemas', 'diff', '--base', base, '--head', head)
      expect(text.code).toBe(0)
      expect(text.stdout).toContain('campaign.sent 1-0-0 → 1-0-1: needs ADDITION, declares ADDITION ✓')
      expect(text.stdout).toContain('needs a minor release (additions only) — changeset: "minor"')
      const json = await cebe('schemas', 'diff', '--base', base, '--head', head, '--format', 'json')
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: true,
        breaking: false,
        semverBump: 'minor',
        changes: [{ event: 'campaign.sent', class: 'ADDITION', pointer: '/event_attributes/note' }],
      })
    }))

  it('fails when a published version is removed or edited in place', () =>
    withTempDir(async (dir) => {
      const [base, head] = [join(dir, 'base'), join(dir, 'head')]
      await cebe('schemas', 'export', '--out', base)
      await cp(base, head, { recursive: true })
      const catalog = await readJson(join(head, 'catalog.json'))
      catalog.events = catalog.events.filter((e: { name: string }) => e.name !== 'campaign.sent')
      await writeJson(join(head, 'catalog.json'), catalog)
      await addField(head, 'order.paid', '1-0-0', 'note', false)
      const result = await cebe('schemas', 'diff', '--base', base, '--head', head)
      expect(result.code).toBe(1)
      expect(result.stdout).toContain(
        'campaign.sent: needs MODEL ✗ event removed; published versions must stay',
      )
      expect(result.stdout).toContain(
        'order.paid 2-0-0 → 2-0-0: no schema change ✗ published version(s) 1-0-0 were edited',
      )
      expect(result.stdout).toContain('✗ 2 events fail the SchemaVer gate: campaign.sent, order.paid')
    }))

  it('reads the base from a git ref, in the built CLI run as a child process', () =>
    withTempDir(async (dir) => {
      const git = (...args: string[]) => run('git', args, { cwd: dir })
      await git('init', '-q')
      const artifacts = join(dir, 'packages', 'schemas', 'json-schema')
      await mkdir(artifacts, { recursive: true })
      await cebe('schemas', 'export', '--out', artifacts)
      await addField(artifacts, 'campaign.replied', '1-0-0', 'legacy_note', false)
      await git('add', '.')
      await git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'commit', '-qm', 'base')
      const result = await cebeProcess(['schemas', 'diff', '--base', 'HEAD'], { cwd: dir })
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('schemas diff: git HEAD → the working catalog')
      expect(result.stdout).toMatch(/REVISION +\/event_attributes\/legacy_note/)
      const unknown = await cebeProcess(['schemas', 'diff', '--base', 'no-such-branch'], { cwd: dir })
      expect(unknown).toMatchObject({ code: 2, stdout: '' })
      expect(unknown.stderr).toMatch(
        /^cebe: --base "no-such-branch" is not a folder, an npm version \(like 0\.1\.0\) or a git ref of /,
      )
    }))

  it(
    'reads the base from a packed @cebe/schemas (npm pack of a local tarball) and names a missing one clearly',
    () =>
      withTempDir(async (dir) => {
        const pkg = join(dir, 'pkg')
        await cebe('schemas', 'export', '--out', join(pkg, 'json-schema'))
        await writeJson(join(pkg, 'package.json'), { name: '@cebe/schemas', version: '0.0.9' })
        await run('npm', ['pack', pkg, '--pack-destination', dir, '--silent'], { cwd: dir })
        const packed = await cebe('schemas', 'diff', '--base', `npm:${join(dir, 'cebe-schemas-0.0.9.tgz')}`)
        expect(packed.code).toBe(0)
        expect(packed.stdout).toMatch(
          /^✓ no schema changes between npm .*cebe-schemas-0\.0\.9\.tgz and the working/,
        )
        const missing = await cebe('schemas', 'diff', '--base', `npm:${join(dir, 'cebe-schemas-9.9.9.tgz')}`)
        expect(missing).toMatchObject({ code: 2, stdout: '' })
        expect(missing.stderr).toMatch(
          /^cebe: cannot pack .*cebe-schemas-9\.9\.9\.tgz: no such file or folder\n$/,
        )
      }),
    // Two `npm pack` processes: seconds on a quiet machine, far more on a loaded one.
    120_000,
  )

  it('gives one line and exit 2 for a missing --base, a folder without catalog.json and unknown flags', () =>
    withTempDir(async (dir) => {
      const noBase = await cebe('schemas', 'diff')
      expect(noBase.code).toBe(2)
      expect(noBase.stderr).toMatch(/required option '--base <source>' not specified/)
      const empty = await cebe('schemas', 'diff', '--base', dir)
      expect(empty.code).toBe(2)
      expect(empty.stderr).toBe(
        `cebe: ${dir} has no catalog.json; write one with "cebe schemas export --out ${dir}" or pass an npm version or git ref\n`,
      )
      const flag = await cebe('schemas', 'diff', '--base', dir, '--since', 'x')
      expect(flag.code).toBe(2)
      expect(flag.stderr).toMatch(/unknown option '--since'/)
    }))
})
