import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/program.js'
import { cebe, cebeProcess } from './run-cli.js'

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

describe('cebe', () => {
  it('answers an unknown command or flag with one line and exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await runCli(['--no-such-flag'])).toBe(2)
    expect(await runCli(['no-such-command'])).toBe(2)
    expect(stderr.mock.calls.flat().join('')).toMatch(/unknown/)
    stderr.mockRestore()
  })

  it.each([
    [['--no-such-flag'], "cebe: unknown option '--no-such-flag' (see cebe --help)"],
    [['no-such-command'], "cebe: unknown command 'no-such-command' (see cebe --help)"],
    [['validate'], "cebe: missing required argument 'inputs' (see cebe --help)"],
    [['keys', 'create', '--company'], "cebe: option '--company <id>' argument missing (see cebe --help)"],
    [
      ['validate', 'x.json', '--formt', 'json'],
      /^cebe: unknown option '--formt' \(Did you mean --format\?\)/,
    ],
  ])('prints exactly one `cebe: …` line for the usage error %j', async (argv, expected) => {
    const run = await cebe(...argv)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.endsWith('\n')).toBe(true)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    if (typeof expected === 'string') expect(run.stderr.trimEnd()).toBe(expected)
    else expect(run.stderr).toMatch(expected)
  })

  it('--version prints the package version, from the built command too', async () => {
    const run = await cebe('--version')
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
    const built = await cebeProcess(['--version'])
    expect(built).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
  })
})

describe('cebe --help', () => {
  it('lists the CI commands and exits 0', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await runCli(['--help'])).toBe(0)
    const help = stdout.mock.calls.flat().join('')
    stdout.mockRestore()
    for (const command of ['validate', 'schemas', 'docs'])
      expect(help).toMatch(new RegExp(`\\n\\s+${command}\\b`))
  })
})
