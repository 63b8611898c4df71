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
