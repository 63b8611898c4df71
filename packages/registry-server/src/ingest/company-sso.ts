/**
 * Which `company_sso_id` belongs to a company. Keys name only the company, so the pair is taken
 * from the first event the company stores and kept (`company_sso_ids`); later events must carry
 * the same value (ADR 0111). One store round trip per company and process, then memory.
 */
import type { EventLog } from '../storage/store.js'

const MAX_CACHED = 10_000

export class CompanySsoIds {
  readonly #known = new Map<string, string>()

  constructor(readonly log: Pick<EventLog, 'pinCompanySsoId'>) {}

  /** The company's SSO id when this process already knows it: no await on the per-line path. */
  known(companyId: string): string | undefined {
    return this.#known.get(companyId)
  }

  /** The company's SSO id; `candidate` becomes it when the company has none yet. */
  async of(companyId: string, candidate: string): Promise<string> {
    const known = this.#known.get(companyId)
    if (known !== undefined) return known
    const pinned = await this.log.pinCompanySsoId(companyId, candidate)
    if (this.#known.size >= MAX_CACHED) this.#known.clear()
    this.#known.set(companyId, pinned)
    return pinned
  }
}
