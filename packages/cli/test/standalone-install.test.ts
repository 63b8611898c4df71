/**
 * `@cebe/cli` installed on its own, as a CI job installs it for `cebe validate`: the packed
 * tarballs of the CLI and `@cebe/schemas` into an empty folder with `npm install`. The server
 * (fastify, pg, kysely, a native SQLite build) and the MCP SDK must not come along; the commands
 * that need them say in one line how to install them.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, cebeProcess, withTempDir } from './run-cli.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../..', import.meta.url))
const fixture = join(root, 'examples', 'ci-validation', 'fixtures', 'customer-created.json')

/** Every file below `dir` whose name ends with `suffix`. */
function findFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith(suffix))
}

describe('@cebe/cli installed alone', () => {
  beforeAll(async () => {
    if (!existsSync(BUILT_CLI)) await cebeProcess(['--version'])
  })

  it(
    'pulls no server, no MCP SDK and no native module; validate runs; serve, keys and mcp say how to get what they need',
    () =>
      withTempDir(async (dir) => {
        // --ignore-scripts: pack the current build; a prepack build here would race other test runs.
        const { stdout } = await run(
          'npm',
          [
            'pack',
            '--json',
            '--ignore-scripts',
            '--pack-destination',
            dir,
            '-w',
            '@cebe/schemas',
            '-w',
            '@cebe/cli',
          ],
          { cwd: root, maxBuffer: 64 * 1024 * 1024 },
        )
        const tarballs = (JSON.parse(stdout) as { filename: string }[]).map((t) => join(dir, t.filename))
        const app = join(dir, 'app')
        await run('mkdir', [app])
        writeFileSync(join(app, 'package.json'), '{"name":"ci-job","version":"1.0.0","private":true}\n')
        await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
          cwd: app,
          maxBuffer: 16 * 1024 * 1024,
        })
        const modules = join(app, 'node_modules')
        for (const name of [
          '@cebe/registry-server',
          'fastify',
          'pg',
          'kysely',
          'better-sqlite3',
          '@modelcontextprotocol/sdk',
          'express',
        ])
          expect(existsSync(join(modules, name)), `${name} was installed`).toBe(false)
        expect(findFiles(modules, '.node')).toEqual([])

        const cebe = (...argv: string[]) =>
          run(process.execPath, [join(modules, '@cebe', 'cli', 'bin', 'cebe.js'), ...argv], {
            cwd: app,
          }).then(
            ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
            (error: { code: number; stdout: string; stderr: string }) => error,
          )
        const valid = await cebe('validate', fixture)
        expect([valid.code, valid.stdout]).toEqual([0, '✓ 1 event valid in 1 file\n'])
        for (const command of [['serve'], ['keys', 'list']]) {
          const missing = await cebe(...command)
          expect(missing.code).toBe(1)
          expect(missing.stderr).toBe(
            `cebe: \`cebe ${command.join(' ')}\` needs @cebe/registry-server, which is not installed: run npm install -D "@cebe/registry-server@>=0.1.0 <1"\n`,
          )
        }
        const mcp = await cebe('mcp', '--key', 'cebe_r_any')
        expect(mcp.code).toBe(1)
        expect(mcp.stderr).toMatch(
          /^cebe: `cebe mcp` needs @modelcontextprotocol\/sdk, which is not installed: run npm install -D "@modelcontextprotocol\/sdk@\^1\.\d+\.\d+"\n$/,
        )
        expect(existsSync(join(app, 'cebe.db'))).toBe(false)
      }),
    180_000,
  )
})
