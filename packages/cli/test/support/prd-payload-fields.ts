/**
 * The key payload fields of every event row of the PRD's module catalog (§6), written from the
 * PRD's tables, not from the schemas. The PRD's notations map onto attribute names as
 * ARCHITECTURE.md says: `name[]` is an array field `name`, `{other_fields}` is the `other_fields`
 * map, `{customer_attributes_related}` is the `customer_attributes` map, and an annotation such as
 * `assignment_type (human/bot)` is the field `assignment_type`.
 */
export const PRD_PAYLOAD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // 1. Communication
  'conversation.started': ['channel', 'room_id', 'phone', 'email', 'bsuid'],
  'call.started': ['channel', 'room_id', 'phone', 'email', 'bsuid'],
  'conversation.assigned': ['agent_id', 'assignment_type'],
  'call.assigned': ['agent_id', 'assignment_type'],
  'message.received': ['message_id', 'message_type', 'content_preview'],
  'conversation.resolved': ['resolved_by', 'resolution_time_seconds', 'handled_by'],
  'conversation.escalated': ['escalation_reason', 'bot_session_id'],
  'bot.contained': ['bot_flow_id', 'containment_flag'],
  'call.completed': ['duration_seconds', 'call_type', 'recording_url'],
  'csat.submitted': ['score', 'comment', 'agent_id'],
  'nps.submitted': ['score', 'comment', 'agent_id'],
  // 2. Ticketing
  'ticket.created': [
    'ticket_id',
    'pipeline_id',
    'stage_id',
    'assigned_id',
    'creator_id',
    'other_fields',
    'customer_association',
  ],
  'ticket.assigned': ['ticket_id', 'agent_id', 'team_id', 'assigned_at'],
  'ticket.stage_changed': ['ticket_id', 'old_stage', 'new_stage', 'changed_by', 'timestamp'],
  'ticket.resolved': ['ticket_id', 'resolved_at', 'resolution_type', 'agent_id'],
  'ticket.sla_breached': ['ticket_id', 'sla_type', 'breach_duration_seconds'],
  // 3. Deals
  'deal.created': [
    'deal_id',
    'pipeline_id',
    'stage_id',
    'deal_size',
    'owner_id',
    'other_fields',
    'customer_association',
  ],
  'deal.stage_changed': [
    'deal_id',
    'old_stage',
    'new_stage',
    'days_in_stage',
    'timestamp',
    'changed_by',
    'customer_association',
  ],
  'deal.won': [
    'deal_id',
    'deal_size',
    'close_date',
    'other_fields',
    'customer_association',
    'product_association',
  ],
  'deal.lost': [
    'deal_id',
    'deal_size',
    'lost_date',
    'loss_reason',
    'other_fields',
    'customer_association',
    'product_association',
  ],
  'deal.rotten_time_breached': ['deal_id', 'deal_size', 'breach_duration_seconds'],
  // 4a. Broadcast
  'campaign.sent': [
    'campaign_id',
    'template_id',
    'channel',
    'campaign_cost',
    'customer_attributes',
    'timestamp',
  ],
  'campaign.replied': [
    'campaign_id',
    'template_id',
    'channel',
    'campaign_cost',
    'sent_at',
    'timestamp',
    'reply_content_preview',
  ],
  'campaign.clicked': ['campaign_id', 'template_id', 'channel', 'cta_type', 'destination_url', 'timestamp'],
  'campaign.bounced': ['campaign_id', 'template_id', 'channel', 'bounce_reason'],
  'campaign.opted_in': ['campaign_id', 'template_id', 'opt_in_channel', 'timestamp'],
  'campaign.opted_out': ['campaign_id', 'template_id', 'opt_out_channel', 'timestamp'],
  // 4b. Ads
  'ad.impression': [
    'ad_id',
    'campaign_id',
    'ad_platform',
    'ad_set_id',
    'creative_id',
    'ad_spend',
    'timestamp',
  ],
  'ad.clicked': [
    'ad_id',
    'campaign_id',
    'ad_platform',
    'creative_id',
    'destination_url',
    'cost_per_click',
    'timestamp',
  ],
  'ad.lead_captured': ['ad_id', 'campaign_id', 'ad_platform', 'lead_form_id', 'room_id', 'timestamp'],
  'ad.converted': [
    'ad_id',
    'campaign_id',
    'ad_platform',
    'conversion_type',
    'conversion_value',
    'attribution_window',
    'timestamp',
  ],
  'ad.spend_recorded': ['ad_id', 'campaign_id', 'ad_platform', 'ad_spend', 'currency', 'period', 'timestamp'],
  // 5. Conversion
  'booking.created': ['booking_id', 'service_type', 'appointment_datetime', 'location_id'],
  'booking.confirmed': ['booking_id', 'service_type', 'appointment_datetime', 'confirmed_at'],
  'booking.cancelled': [
    'booking_id',
    'service_type',
    'appointment_datetime',
    'cancelled_by',
    'cancellation_reason',
  ],
  'booking.completed': ['booking_id', 'service_type', 'appointment_datetime', 'completed_at', 'rating'],
  add_to_cart: ['items_id', 'timestamp'],
  'order.created': ['order_id', 'items', 'total_value', 'payment_method'],
  'order.paid': ['payment_type', 'paid_amount', 'paid_at'],
  'order.delivered': ['delivery_method', 'delivered_at'],
  'payment.failed': ['failure_reason', 'attempt_count'],
  // 6. CDP
  'customer.created': ['qontak_customer_id', 'default_fields', 'custom_fields', 'created_at', 'created_by'],
  'customer.updated': ['qontak_customer_id', 'change_fields', 'updated_at', 'updated_by'],
  'segment.entered': ['qontak_customer_id', 'segment_id', 'segment_name'],
  'segment.exited': ['qontak_customer_id', 'segment_id', 'segment_name'],
  // 7. Loyalty
  'membership.enrolled': [
    'qontak_customer_id',
    'member_id',
    'program_id',
    'enrolled_at',
    'initial_tier',
    'available_point',
  ],
  'membership.unenrolled': [
    'qontak_customer_id',
    'member_id',
    'program_id',
    'unenrolled_at',
    'last_tier',
    'available_point',
  ],
  'points.earned': [
    'qontak_customer_id',
    'member_id',
    'points_amount',
    'transaction_ref',
    'earned_at',
    'available_point',
    'expired_point_at',
  ],
  'points.burned': [
    'qontak_customer_id',
    'member_id',
    'points_used',
    'redeemed_at',
    'available_point',
    'expired_point_at',
  ],
  'rewards.redeemed': [
    'qontak_customer_id',
    'member_id',
    'reward_used_id',
    'reward_name',
    'available_point',
    'expired_point_at',
  ],
  'tier.upgraded': [
    'qontak_customer_id',
    'member_id',
    'old_tier',
    'new_tier',
    'available_point',
    'expired_point_at',
  ],
  'tier.downgraded': [
    'qontak_customer_id',
    'member_id',
    'old_tier',
    'new_tier',
    'available_point',
    'expired_point_at',
  ],
}

/**
 * Fields CEBE adds beyond the PRD and requires, because a METRICS.md metric cannot be computed
 * without them (ARCHITECTURE.md, "PRD conformance"). Any other added field must be optional.
 */
export const REQUIRED_ADDITIONS: Readonly<Record<string, readonly string[]>> = {
  'order.paid': ['order_id'],
  'order.delivered': ['order_id'],
  'payment.failed': ['order_id'],
}
