/** The answers of the server's read routes, as the read commands use them (see /openapi.json). */

export interface Identifier {
  kind: string
  value: string
}

export interface CustomerHit {
  customer_id: string
  display_name: string | null
  identifiers: Identifier[]
  last_event_at: string | null
}

export interface SearchPage {
  customers: CustomerHit[]
  next_cursor: string | null
}

export interface Profile {
  customer_id: string
  display_name: string | null
  identifiers: Identifier[]
  attributes: { default_fields: Record<string, unknown>; custom_fields: Record<string, unknown> }
  segments: { segment_id: string; segment_name: string | null; since: string }[]
  loyalty: { member: boolean; tier: string | null; available_points: number | null; programs: string[] }
  first_seen: string
  last_seen: string
  events_total: number
  event_counts: Record<string, number>
  metrics: Record<string, unknown> | null
  health: { score?: unknown } | null
}

export interface FeedPage {
  events: Record<string, unknown>[]
  next_cursor: string | null
}
