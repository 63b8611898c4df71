/** Starts this process's webhook dispatcher from the server config, unless it is turned off. */
import type { ServerConfig } from '../config.js'
import type { IngestMetrics } from '../observability/ingest-metrics.js'
import { WebhookMetrics } from '../observability/webhook-metrics.js'
import type { Store } from '../storage/store.js'
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
