/**
 * Every metric implementation, by module. `metric-registry.test.ts` holds this list and the
 * definitions of `@cebe/schemas` equal: no definition without an implementation, and no other.
 */
import type { MetricScope as DefinitionScope } from '@cebe/schemas'
import { COMMUNICATION_METRICS } from './communication-metrics.js'
import type { MetricImplementation } from './metric-implementation.js'

export const METRIC_IMPLEMENTATIONS: readonly MetricImplementation[] = Object.freeze([
  ...COMMUNICATION_METRICS,
])

const byKey = new Map(METRIC_IMPLEMENTATIONS.map((m) => [`${m.scope}:${m.id}`, m]))

export function implementationOf(id: string, scope: DefinitionScope): MetricImplementation | undefined {
  return byKey.get(`${scope}:${id}`)
}
