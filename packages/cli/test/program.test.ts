import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/program.js'

describe('cebe', () => {
  it('answers an unknown command or flag with one line and exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await runCli(['--no-such-flag'])).toBe(2)
    expect(await runCli(['no-such-command'])).toBe(2)
    expect(stderr.mock.calls.flat().join('')).toMatch(/unknown/)
    stderr.mockRestore()
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
