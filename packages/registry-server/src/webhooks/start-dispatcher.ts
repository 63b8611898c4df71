/**
 * Starts this process's webhook dispatcher and segment watcher from the server config, unless
 * dispatching is turned off.
 */
import type { ServerConfig } from '../config.js'
import type { IngestMetrics } from '../observability/ingest-metrics.js'
import { WebhookMetrics } from '../observability/webhook-metrics.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import type { Store } from '../storage/store.js'
import { SegmentWatcher } from './segment-watcher.js'
import { WebhookDispatcher } from './webhook-dispatcher.js'

export function startDispatcher(
  store: Store,
  config: Readonly<ServerConfig>,
  telemetry: IngestMetrics,
  log: { warn(obj: object, msg: string): void },
): WebhookDispatcher | undefined {
  if (!config.webhookDispatch) return undefined
  const dispatcher = new WebhookDispatcher(store.webhooks, {
    concurrency: config.webhookConcurrency,
    perSubscription: config.webhookPerSubscription,
    timeoutMs: config.webhookTimeoutMs,
    leaseMs: config.webhookLeaseMs,
    pollMs: config.webhookPollMs,
    retryScheduleMs: config.webhookRetryScheduleMs,
    retentionMs: config.webhookRetentionMs,
    metrics: new WebhookMetrics(telemetry.registry),
    log,
  })
  dispatcher.start()
  return dispatcher
}

export function startSegmentWatcher(
  store: Store,
  config: Readonly<ServerConfig>,
  dispatcher: WebhookDispatcher | undefined,
  log: { warn(obj: object, msg: string): void },
): SegmentWatcher | undefined {
  if (!dispatcher) return undefined
  const watcher = new SegmentWatcher(store, {
    refreshMs: config.segmentRefreshMs,
    afterCommitMs: config.segmentAfterCommitMs,
    metricOptions: { health: healthScoreConfig(config.healthScore) },
    onTransitions: () => dispatcher.nudge(),
    log,
  })
  watcher.start()
  return watcher
}
