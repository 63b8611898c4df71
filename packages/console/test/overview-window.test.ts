/** The Overview's windows partition exactly, so a count's periods add up to its tile. */
import { describe, expect, it } from 'vitest'
import { WINDOWS, windowRange } from '../src/views/overview-window.js'

describe('windowRange', () => {
  const now = Date.parse('2026-12-02T07:00:00Z')

  it('ends at the start of tomorrow (UTC) and cuts the window into back-to-back periods', () => {
    for (const window of WINDOWS) {
      const range = windowRange(window, now)
      expect(range.to).toBe('2026-12-03T00:00:00Z')
      expect(Date.parse(range.to) - Date.parse(range.from)).toBe(window.days * 86_400_000)
      expect(range.periods[0]!.from).toBe(range.from)
      expect(range.periods.at(-1)!.to).toBe(range.to)
      for (const [i, period] of range.periods.slice(1).entries())
        expect(period.from).toBe(range.periods[i]!.to)
      expect(range.periods).toHaveLength(window.days / window.periodDays)
    }
  })
})
