/**
 * The place the metrics engine fills in the customer profile: each module's key metrics and the
 * health score with its factors (METRICS.md). Until it is plugged in, both are null, and the
 * profile says so in its schema.
 */
import type { ReadSide } from '../storage/read-side.js'

export interface ProfileMetrics {
  /** Key customer metrics by metric id (`campaign.reply_rate`, …); null: not computed here. */
  metrics: Record<string, unknown> | null
  /** `{ score, factors: [...] }`; null: not computed here. */
  health: Record<string, unknown> | null
}

export async function profileMetrics(
  _read: ReadSide,
  _companyId: string,
  _customerId: string,
): Promise<ProfileMetrics> {
  return { metrics: null, health: null }
}
