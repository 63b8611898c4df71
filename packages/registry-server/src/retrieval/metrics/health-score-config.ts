/**
 * Configuration of the health score (METRICS.md "Health score"): the weight of each factor, the
 * tier ladder (lowest first) and the width of the CSAT scale. Defaults from `@cebe/schemas`.
 */
import { HEALTH_SCORE_FACTORS, type HealthScoreFactorId } from '@cebe/schemas'

export interface HealthScoreConfig {
  weights: Readonly<Record<HealthScoreFactorId, number>>
  /** Loyalty tiers, lowest first; empty: no ladder (the tier factor is 0.5 for any tier). */
  tierLadder: readonly string[]
  /** Highest minus lowest CSAT score (4 on the 1–5 scale). */
  csatSpan: number
}

export const DEFAULT_HEALTH_SCORE_CONFIG: HealthScoreConfig = Object.freeze({
  weights: Object.freeze(
    Object.fromEntries(HEALTH_SCORE_FACTORS.map((factor) => [factor.id, factor.defaultWeight])) as Record<
      HealthScoreFactorId,
      number
    >,
  ),
  tierLadder: Object.freeze([]),
  csatSpan: 4,
})

/** Checks a configuration: weights finite and ≥ 0 with a positive sum, a positive span. */
export function healthScoreConfig(overrides: Partial<HealthScoreConfig> = {}): HealthScoreConfig {
  const config = { ...DEFAULT_HEALTH_SCORE_CONFIG, ...overrides }
  const weights = { ...DEFAULT_HEALTH_SCORE_CONFIG.weights, ...overrides.weights }
  const values = Object.values(weights)
  if (values.some((w) => !Number.isFinite(w) || w < 0) || values.reduce((a, b) => a + b, 0) <= 0) {
    throw new Error('health score weights must be finite, ≥ 0 and not all 0')
  }
  if (!(config.csatSpan > 0)) throw new Error('health score csatSpan must be > 0')
  return Object.freeze({
    weights: Object.freeze(weights),
    tierLadder: Object.freeze([...config.tierLadder]),
    csatSpan: config.csatSpan,
  })
}
