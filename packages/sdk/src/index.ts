/**
 * @cebe/sdk — the typed client squads use to push events to CEBE.
 *
 * ```ts
 * import { createClient } from '@cebe/sdk'
 * const cebe = createClient({ endpoint, writeKey, companyId, companySsoId, sourceModule: 'campaign' })
 * cebe.track('campaign.replied', { qontak_customer_id, actor: { type: 'customer' }, attributes })
 * process.once('SIGTERM', () => void cebe.shutdown().finally(() => process.exit(0)))
 * ```
 */

export type { BatchLimit } from './batch.js'
export type {
  ClientStats,
  FlushReport,
  ModuleEventName,
  ShutdownReport,
  TrackResult,
} from './client.js'
export { CebeClient, createClient } from './client.js'
export type {
  ClientOptions,
  FsyncPolicy,
  OverflowPolicy,
  ResolvedConfig,
  SpoolOptions,
  ValidationMode,
} from './config.js'
export { DEFAULTS, resolveConfig, WIRE_LIMITS } from './config.js'
export type { TrackInput } from './envelope.js'
export type { CebeErrorCode, CebeErrorDetails } from './errors.js'
export { CebeError } from './errors.js'
export type {
  ClientEventName,
  ClientEvents,
} from './events.js'
export { ClientEmitter } from './events.js'
export type { ResponseClass } from './retry-policy.js'
export { backoff, classifyResponse, parseRetryAfter } from './retry-policy.js'
export type { Transport, TransportRequest, TransportResponse } from './transport.js'
export type {
  VerifyWebhookOptions,
  WebhookDelivery,
  WebhookHeaders,
  WebhookVerificationCode,
} from './webhook-verify.js'
export { verifyWebhook, WebhookVerificationError } from './webhook-verify.js'
