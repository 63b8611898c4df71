/** Runs the real CLI in-process and captures what it prints; resets the exit code it leaves behind. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { vi } from 'vitest'
import { runCli } from '../src/program.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export async function cebe(...argv: string[]): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk))
    return true
  })
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk))
    return true
  })
  try {
    process.exitCode = undefined
    const code = await runCli(argv)
    return { code, stdout: out.join(''), stderr: err.join('') }
  } finally {
    process.exitCode = undefined
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
export const BUILT_CLI = join(PACKAGE_DIR, 'dist', 'cli.js')

/** The built `cebe` (dist/cli.js) as a child process — what `npx cebe` runs. Builds it when missing. */
export async function cebeProcess(
  argv: string[],
  options: { cwd?: string; input?: string } = {},
): Promise<CliRun> {
  if (!existsSync(BUILT_CLI)) await promisify(execFile)('npx', ['tsup'], { cwd: PACKAGE_DIR })
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BUILT_CLI, ...argv],
      { cwd: options.cwd },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(options.input ?? '')
  })
}

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cebe-cli-test-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
