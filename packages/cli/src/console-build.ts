/**
 * Where the web console's build is. `@cebe/console` is an optional peer dependency of the CLI,
 * like the server: in this repository it is a workspace package (built by `npm run build`); from
 * npm, `npm install @cebe/console` puts it beside `@cebe/cli`. Found through Node's own module
 * resolution, so it works wherever the CLI itself was installed. Unlike the other optional peers
 * (optional-package.ts) it is files to serve, not code to load, and `serve` runs without it.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { CONSOLE_PACKAGE, CONSOLE_RANGE } from './package-info.js'

export type ConsoleBuild =
  | { status: 'ready'; dir: string }
  | { status: 'not-built'; dir: string }
  | { status: 'not-installed' }

type Resolve = (specifier: string) => string

const resolveFromCli: Resolve = (specifier) => createRequire(import.meta.url).resolve(specifier)

export function findConsoleBuild(resolve: Resolve = resolveFromCli): ConsoleBuild {
  let manifest: string
  try {
    manifest = resolve(`${CONSOLE_PACKAGE}/package.json`)
  } catch {
    return { status: 'not-installed' }
  }
  const dir = join(dirname(manifest), 'dist')
  return existsSync(join(dir, 'index.html')) ? { status: 'ready', dir } : { status: 'not-built', dir }
}

/** One line for `cebe serve` to print about the console. */
export function describeConsole(build: ConsoleBuild, serverUrl: string): string {
  switch (build.status) {
    case 'ready':
      return `console: ${serverUrl}/console/ (sign in with a read key)`
    case 'not-built':
      return `console: ${CONSOLE_PACKAGE} has no build in ${build.dir}; run npm run build to serve it at /console/`
    case 'not-installed':
      return `console: not installed; npm install -D "${CONSOLE_PACKAGE}@${CONSOLE_RANGE}" serves it at ${serverUrl}/console/`
  }
}
