/**
 * The backfill progress bar on stderr (cli-progress): bytes of the file, events/s and ETA. On a
 * non-TTY (CI, pipes, --json) it draws nothing, so logs stay clean.
 */
import cliProgress from 'cli-progress'

export interface Progress {
  update(bytesRead: number, events: number): void
  stop(): void
}

export function startProgress(totalBytes: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} }
  const started = Date.now()
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'backfill [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(Math.max(1, totalBytes), 0, { events: 0, rate: 0 })
  return {
    update(bytesRead, events) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000)
      bar.update(Math.min(bytesRead, totalBytes), { events, rate: Math.round(events / seconds) })
    },
    stop() {
      bar.stop()
    },
  }
}
