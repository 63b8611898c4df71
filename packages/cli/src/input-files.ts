/**
 * Turns `cebe validate` arguments (paths, globs, `-`) into the list of inputs to read, failing
 * up front — before any output — on a missing file, a directory or a glob that matches nothing.
 */
import { stat } from 'node:fs/promises'
import { glob, isDynamicPattern } from 'tinyglobby'
import { CliError } from './cli-error.js'

export const STDIN = '-'

export async function resolveInputs(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files: string[] = []
  for (const pattern of patterns) {
    if (pattern === STDIN) files.push(STDIN)
    else if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false })
      if (!matches.length) throw new CliError(`no files match ${pattern}`)
      files.push(...matches.sort())
    } else {
      files.push(await checkFile(pattern))
    }
  }
  return [...new Set(files)]
}

async function checkFile(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch (error) {
    throw new CliError(readError(path, error))
  }
  if (info.isDirectory())
    throw new CliError(`${path} is a directory; pass files or a glob like "${path}/**/*.json"`)
  return path
}

/** One line for a file the CLI cannot read: which file and why, without a stack trace. */
export function readError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return `no such file: ${path}`
  if (code === 'EACCES' || code === 'EPERM') return `cannot read ${path}: permission denied`
  if (code === 'EISDIR') return `${path} is a directory, not a file`
  return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`
}
