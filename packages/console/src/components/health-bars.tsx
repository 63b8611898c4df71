/** The health score's factors drawn: each bar is the factor's weight, filled by what it contributed. */
import type { HealthFactor } from '../api/api-types.js'
import { formatNumber, formatValue } from '../format.js'

export function HealthBars({ score, factors }: { score: number | null; factors: HealthFactor[] }) {
  const maxWeight = Math.max(1, ...factors.map((f) => f.weight))
  return (
    <div class="health">
      <p class="health-score" data-value={JSON.stringify(score)}>
        Health score <strong>{score === null ? '—' : formatNumber(score)}</strong> / 100
      </p>
      <ul class="factors">
        {factors.map((factor) => (
          <li key={factor.id} data-factor={factor.id}>
            <span class="factor-title">
              {factor.title} <span class="muted">({formatValue(factor.value)})</span>
            </span>
            <span class="bar" aria-hidden="true" style={{ width: `${(factor.weight / maxWeight) * 100}%` }}>
              <span
                class="bar-fill"
                style={{ width: `${(factor.contribution / Math.max(factor.weight, 1e-9)) * 100}%` }}
              />
            </span>
            <span class="num">
              {formatNumber(factor.contribution)} / {factor.weight}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
