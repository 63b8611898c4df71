/** What every demo story writes with: the event builder, the seeded draws, and the time window. */
import type { DemoEventBuilder } from './demo-event-builder.js'
import type { SeededRandom } from './seeded-random.js'

export interface StoryContext {
  build: DemoEventBuilder
  random: SeededRandom
  /** The first moment of the data set (ms). */
  start: number
  /** Nothing happens after this (ms). */
  now: number
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
