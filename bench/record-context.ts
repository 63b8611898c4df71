/**
 * What every benchmark record carries besides its numbers: when, on which commit and on which
 * machine it was measured, so records compare only with records of the same code and hardware —
 * and how busy the machine already was (it is shared), so a slow run can be told from slow code.
 */
import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

export interface RecordContext {
  label: string
  date: string
  /** `git rev-parse --short HEAD`, with `+dirty` when the working tree had changes. */
  commit: string
  machine: { cpus: number; model: string; memoryGiB: number; node: string }
  /** `os.loadavg()` (1, 5, 15 minutes) when the record was started: the load before the bench's own. */
  loadAverageAtStart: number[]
}

export function recordContext(label: string): RecordContext {
  return {
    label,
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
  }
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '+dirty' : ''}`
  } catch {
    return 'unknown'
  }
}
