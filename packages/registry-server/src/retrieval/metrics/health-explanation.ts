/**
 * Why a customer has the health score they have: each factor's value, sub-score, weight and
 * contribution (points of the 0–100 score), read from the same row the score is computed from.
 */
import { HEALTH_SCORE_FACTORS, type HealthScoreFactorId } from '@cebe/schemas'
import { sql } from 'kysely'
import type { ReadSide } from '../../storage/read-side.js'
import { HEALTH_FACTOR_COLUMNS, healthSource } from './health-metrics.js'
import type { MetricOptions } from './metric-implementation.js'
import { MetricQuery } from './metric-scope.js'
import { canonicalNumber } from './metric-values.js'

export interface HealthFactor {
  id: HealthScoreFactorId
  title: string
  /** The factor's input (a count, a CSAT change, a deal state, a tier, days); null when there is none. */
  value: number | string | null
  sub_score: number
  weight: number
  /** weight × sub_score as points of the score: the contributions add up to the score. */
  contribution: number
}

export interface HealthExplanation {
  score: number | null
  factors: HealthFactor[]
}

/** Factors whose value is a label (a deal state, a tier), not a number. */
const LABEL_FACTORS = new Set<HealthScoreFactorId>(['deal_outcome', 'loyalty_tier'])

export async function healthExplanation(
  read: ReadSide,
  window: { companyId: string; customerId: string; toTs: number },
  options: MetricOptions,
): Promise<HealthExplanation> {
  const query = new MetricQuery(read, { ...window, grouping: 'customer' })
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT * FROM (${healthSource.query(query, options)}) p`.execute(read.db)
  return explainHealthRow(rows[0], options)
}

/** The columns of the health source's row an explanation reads. */
export const HEALTH_ROW_COLUMNS: readonly string[] = [
  ...Object.values(HEALTH_FACTOR_COLUMNS).flatMap((c) => [c.value, c.subScore]),
  'score',
]

/** The explanation of one health source row (undefined: the customer has no event). */
export function explainHealthRow(
  row: Record<string, unknown> | undefined,
  options: MetricOptions,
): HealthExplanation {
  if (!row) return { score: null, factors: [] }
  const weights = options.health.weights
  const total = Object.values(weights).reduce((a, b) => a + b, 0)
  const factors = HEALTH_SCORE_FACTORS.map((factor) => {
    const columns = HEALTH_FACTOR_COLUMNS[factor.id]
    const raw = row[columns.value]
    const subScore = canonicalNumber(Number(row[columns.subScore]))
    const weight = weights[factor.id]
    return {
      id: factor.id,
      title: factor.title,
      value:
        raw === null || raw === undefined
          ? null
          : LABEL_FACTORS.has(factor.id)
            ? String(raw)
            : canonicalNumber(Number(raw)),
      sub_score: subScore,
      weight,
      contribution: canonicalNumber((100 * weight * subScore) / total),
    }
  })
  return { score: canonicalNumber(Number(row.score)), factors }
}
