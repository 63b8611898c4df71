/** Finding @cebe/console's build: installed and built, installed without a build, not installed. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeConsole, findConsoleBuild } from '../src/console-build.js'
import { withTempDir } from './run-cli.js'

const resolvesTo = (dir: string) => (specifier: string) => {
  expect(specifier).toBe('@cebe/console/package.json')
  return join(dir, 'package.json')
}

describe('findConsoleBuild', () => {
  it('is ready when the package has dist/index.html', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'dist'))
      await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html>')
      const build = findConsoleBuild(resolvesTo(dir))
      expect(build).toEqual({ status: 'ready', dir: join(dir, 'dist') })
      expect(describeConsole(build, 'http://127.0.0.1:4747')).toBe(
        'console: http://127.0.0.1:4747/console/ (sign in with a read key)',
      )
    })
  })

  it('says how to build it when the package is there without a build', async () => {
    await withTempDir(async (dir) => {
      const build = findConsoleBuild(resolvesTo(dir))
      expect(build).toEqual({ status: 'not-built', dir: join(dir, 'dist') })
      expect(describeConsole(build, 'http://h')).toContain('run npm run build')
    })
  })

  it('says how to install it when the package cannot be resolved', () => {
    const build = findConsoleBuild(() => {
      throw Object.assign(new Error("Cannot find module '@cebe/console/package.json'"), {
        code: 'MODULE_NOT_FOUND',
      })
    })
    expect(build).toEqual({ status: 'not-installed' })
    expect(describeConsole(build, 'http://h')).toBe(
      'console: not installed; npm install -D "@cebe/console@>=0.1.0 <1" serves it at http://h/console/',
    )
  })

  it('finds the workspace package from the CLI in this repository', () => {
    expect(findConsoleBuild().status).not.toBe('not-installed')
  })
})
