/** Shapes of metric answers shared by the metrics endpoints and the customer 360 profile. */
import { metricsForScope } from '@cebe/schemas'
import { z } from 'zod'

/** Every metric id of a scope, each a number, a string, a list or null (a rate without a denominator). */
export const metricValues = (scope: 'customer' | 'company') =>
  z
    .looseObject(
      Object.fromEntries(
        metricsForScope(scope).map((d) => [d.id, z.unknown().meta({ description: d.title })]),
      ),
    )
    .meta({
      description: `Every ${scope}-scope metric id of METRICS.md (see the metrics guide); a rate without a denominator is null`,
    })

export const healthAnswer = z
  .object({
    score: z.number().nullable(),
    factors: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        value: z.union([z.number(), z.string(), z.null()]),
        sub_score: z.number(),
        weight: z.number(),
        contribution: z.number(),
      }),
    ),
  })
  .meta({ description: 'Health score 0–100 with each factor: value, sub-score, weight and contribution' })
