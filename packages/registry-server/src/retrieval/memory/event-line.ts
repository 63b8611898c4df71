/**
 * A stored event as one short human line — "2026-05-03 09:12 ticket.resolved #tkt_00412
 * escalated" — from the envelope already masked for the reader's role: a value the role sees only
 * as `***` is left out, so the line never carries more than the timeline would. Each catalog event
 * names the few attributes worth a line; other events print their name alone.
 */
import { cutTo } from './bounded-text.js'
import { formatDuration, formatNumber, isHidden, minute, oneLine } from './memory-format.js'

/** `attribute` or `attribute:label`; the value's style follows from the attribute's name. */
const FACTS: Readonly<Record<string, readonly string[]>> = {
  'conversation.started': ['channel:on'],
  'call.started': ['channel:on'],
  'conversation.assigned': ['assignment_type:to'],
  'call.assigned': ['assignment_type:to'],
  'message.received': ['message_type', 'content_preview'],
  'conversation.resolved': ['handled_by:by', 'resolution_time_seconds:in'],
  'conversation.escalated': ['escalation_reason:reason'],
  'call.completed': ['call_type', 'duration_seconds:lasted'],
  'csat.submitted': ['score:score', 'comment'],
  'nps.submitted': ['score:score', 'comment'],
  'ticket.created': ['ticket_id'],
  'ticket.assigned': ['ticket_id'],
  'ticket.stage_changed': ['ticket_id', 'new_stage:to'],
  'ticket.resolved': ['ticket_id', 'resolution_type'],
  'ticket.sla_breached': ['ticket_id', 'sla_type', 'breach_duration_seconds:over by'],
  'deal.created': ['deal_id', 'deal_size:size'],
  'deal.stage_changed': ['deal_id', 'new_stage:to'],
  'deal.won': ['deal_id', 'deal_size:size'],
  'deal.lost': ['deal_id', 'deal_size:size', 'loss_reason:reason'],
  'deal.rotten_time_breached': ['deal_id', 'breach_duration_seconds:over by'],
  'campaign.sent': ['campaign_id', 'channel:on'],
  'campaign.replied': ['campaign_id', 'reply_content_preview'],
  'campaign.clicked': ['campaign_id', 'cta_type'],
  'campaign.bounced': ['campaign_id', 'bounce_reason:reason'],
  'campaign.opted_in': ['campaign_id'],
  'campaign.opted_out': ['campaign_id'],
  'ad.impression': ['ad_platform:on', 'campaign_id'],
  'ad.clicked': ['ad_platform:on', 'campaign_id'],
  'ad.lead_captured': ['ad_platform:on', 'campaign_id'],
  'ad.converted': ['ad_platform:on', 'conversion_type', 'conversion_value:value'],
  'booking.created': ['booking_id', 'service_type'],
  'booking.confirmed': ['booking_id', 'service_type'],
  'booking.cancelled': ['booking_id', 'cancellation_reason:reason'],
  'booking.completed': ['booking_id', 'rating:rating'],
  'order.created': ['order_id', 'total_value:total', 'payment_method:via'],
  'order.paid': ['order_id', 'paid_amount:paid', 'payment_type'],
  'order.delivered': ['order_id', 'delivery_method:by'],
  'payment.failed': ['order_id', 'failure_reason:reason'],
  'segment.entered': ['segment_id'],
  'segment.exited': ['segment_id'],
  'membership.enrolled': ['program_id', 'initial_tier:tier'],
  'membership.unenrolled': ['program_id'],
  'points.earned': ['points_amount:+', 'available_point:balance'],
  'points.burned': ['points_used:-', 'available_point:balance'],
  'rewards.redeemed': ['reward_used_id'],
  'tier.upgraded': ['old_tier:from', 'new_tier:to'],
  'tier.downgraded': ['old_tier:from', 'new_tier:to'],
}

/** Longest line; free text (a message preview, a comment) gets at most `QUOTE_CHARS` of it. */
export const EVENT_LINE_CHARS = 160
const QUOTE_CHARS = 60
const FREE_TEXT = new Set(['content_preview', 'reply_content_preview', 'comment'])

export function eventLine(eventName: string, eventTs: number, masked: Record<string, unknown>): string {
  const attributes = masked.event_attributes
  const attrs = attributes && typeof attributes === 'object' ? (attributes as Record<string, unknown>) : {}
  const parts = [minute(eventTs), eventName]
  for (const fact of FACTS[eventName] ?? []) {
    const [name, label] = fact.split(':') as [string, string | undefined]
    const text = factText(name, Object.hasOwn(attrs, name) ? attrs[name] : undefined)
    if (text !== undefined) parts.push(label === undefined ? text : `${label} ${text}`)
  }
  return cutTo(parts.join(' '), EVENT_LINE_CHARS)
}

function factText(name: string, value: unknown): string | undefined {
  if (value === null || value === undefined || isHidden(value)) return undefined
  if (typeof value === 'number') {
    return name.endsWith('_seconds') ? formatDuration(value) : formatNumber(value)
  }
  if (typeof value === 'boolean') return String(value)
  if (typeof value !== 'string') return undefined
  const text = oneLine(value)
  if (text === '') return undefined
  if (FREE_TEXT.has(name)) return `"${cutTo(text, QUOTE_CHARS).replaceAll('"', "'")}"`
  const short = cutTo(text, 40)
  return name.endsWith('_id') ? `#${short}` : short
}
