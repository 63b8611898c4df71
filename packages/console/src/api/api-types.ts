/**
 * The response shapes the console reads (docs/guides and the server's OpenAPI document); those the
 * server exports as types are taken from it (type-only: nothing of the server enters the bundle).
 */
import type { HealthFactor, IngestHealth } from '@cebe/registry-server'

export type { HealthFactor, IngestHealth }

export type MetricValue = number | string | boolean | null | Record<string, number> | unknown[]
export type MetricMap = Record<string, MetricValue>

export interface CompanyMetrics {
  from: string | null
  to: string
  metrics: MetricMap
}

export interface GroupedMetrics {
  from: string | null
  to: string
  group_by: string
  groups: { key: Record<string, string>; metrics: MetricMap }[]
}

export interface Identifier {
  kind: string
  value: string
}

export interface CustomerSummary {
  customer_id: string
  display_name: string | null
  identifiers: Identifier[]
  last_event_at: string | null
}

export interface CustomerPage {
  customers: CustomerSummary[]
  next_cursor: string | null
}

export interface CustomerProfile {
  customer_id: string
  display_name: string | null
  identifiers: Identifier[]
  attributes: Record<string, Record<string, unknown>>
  segments: unknown[]
  loyalty: { member: boolean; tier: string | null; available_points: number | null; programs: unknown[] }
  first_seen: string | null
  last_seen: string | null
  events_total: number
  event_counts: Record<string, number>
  metrics: MetricMap
  health: { score: number | null; factors: HealthFactor[] } | null
}

export interface StoredEvent {
  event_id: string
  event_name: string
  event_timestamp: string
  source_module: string
  trigger_from?: string
  actor?: { type: string; id?: string; name?: string }
  event_attributes?: Record<string, unknown>
}

export interface TimelinePage {
  events: StoredEvent[]
  next_cursor: string | null
}

export interface SegmentPage {
  count: number
  members: CustomerSummary[]
  next_cursor: string | null
}

export interface SavedSegment {
  id: string
  name: string
  rule: unknown
  created_at: string
}

export interface WebhookSubscription {
  id: string
  url: string
  events: string[]
  filter?: unknown
  created_at?: string
  deliveries?: Record<string, number>
}

export interface DeadLetter {
  delivery_id: string
  event_id?: string
  event_name?: string
  status?: 'pending' | 'delivered' | 'dead'
  attempts?: number
  last_error?: string | null
  last_status?: number | null
  created_at?: string
  [field: string]: unknown
}
