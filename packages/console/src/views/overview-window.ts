/**
 * The Overview's windows: whole UTC days ending today, cut into equal periods that partition the
 * window exactly, so a count metric's periods add up to its value over the whole window.
 */
export interface OverviewWindow {
  id: string
  label: string
  days: number
  periodDays: number
}

export const WINDOWS: readonly OverviewWindow[] = [
  { id: '4w', label: 'Last 4 weeks', days: 28, periodDays: 2 },
  { id: '13w', label: 'Last 13 weeks', days: 91, periodDays: 7 },
  { id: '26w', label: 'Last 26 weeks', days: 182, periodDays: 14 },
]

export const DEFAULT_WINDOW = WINDOWS[2]!

const DAY_MS = 86_400_000

export interface Period {
  from: string
  to: string
  startMs: number
}

/** [from, to) ending at the start of tomorrow (UTC), and its periods, oldest first. */
export function windowRange(
  window: OverviewWindow,
  now = Date.now(),
): { from: string; to: string; periods: Period[] } {
  const end = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS
  const start = end - window.days * DAY_MS
  const periods: Period[] = []
  for (let t = start; t < end; t += window.periodDays * DAY_MS) {
    periods.push({ from: iso(t), to: iso(Math.min(end, t + window.periodDays * DAY_MS)), startMs: t })
  }
  return { from: iso(start), to: iso(end), periods }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}
