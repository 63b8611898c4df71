import type { Authenticator } from './auth/authenticator.js'
import type { ServerConfig } from './config.js'
import type { CompanySsoIds } from './ingest/company-sso.js'
import type { GroupCommitter } from './ingest/group-commit.js'
import type { IdentityExtractor } from './ingest/identity-extractor.js'
import type { IngestMetrics } from './observability/ingest-metrics.js'
import type { SchemaRegistry } from './registry/schema-registry.js'
import type { Store } from './storage/store.js'
import type { SegmentWatcher } from './webhooks/segment-watcher.js'
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js'

/** What route modules share; built once per app by `buildApp`. */
export interface AppContext {
  config: Readonly<ServerConfig>
  store: Store
  registry: SchemaRegistry
  ssoIds: CompanySsoIds
  identities: IdentityExtractor
  committer: GroupCommitter
  authenticator: Authenticator
  telemetry: IngestMetrics
  /** Undefined when this process does not dispatch webhooks (`webhookDispatch: false`). */
  dispatcher: WebhookDispatcher | undefined
  /** Detects segment entries/exits for webhooks; runs where the dispatcher runs. */
  segmentWatcher: SegmentWatcher | undefined
}
