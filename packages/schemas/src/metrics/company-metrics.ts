/** Company-scope metrics: `GET /v1/metrics`, optionally grouped (METRICS.md, second table). */
import {
  ADS_GROUPS,
  CAMPAIGN_GROUPS,
  EMPTY_OBJECT,
  LOYALTY_POINT_EVENTS,
  type MetricDefinition,
} from './metric-types.js'

export const COMPANY_METRICS = [
  // ── cdp ────────────────────────────────────────────────────────────────────
  {
    id: 'cdp.new_customers',
    title: 'Total new customers',
    description: 'Count of `customer.created` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['customer.created'],
    emptyValue: 0,
  },
  {
    id: 'cdp.new_customer_growth_rate',
    title: 'New customer growth rate',
    description:
      '(Count of `customer.created` in the window − count in the previous window of equal length) / ' +
      'count in the previous window; null without `from` or when the previous count is 0.',
    scope: 'company',
    unit: 'ratio',
    kind: 'growth_rate',
    sourceEvents: ['customer.created'],
    emptyValue: null,
  },
  {
    id: 'cdp.acquisition_by_source',
    title: 'Customer acquisition by source',
    description: '`customer.created` events counted by the envelope `trigger_from`.',
    scope: 'company',
    unit: 'counts_by',
    kind: 'count',
    sourceEvents: ['customer.created'],
    emptyValue: EMPTY_OBJECT,
  },
  // ── campaign: Broadcast ────────────────────────────────────────────────────
  {
    id: 'campaign.sent',
    title: 'Campaign messages sent',
    description: 'Count of `campaign.sent` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['campaign.sent'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'campaign.bounced',
    title: 'Campaign messages bounced',
    description: 'Count of `campaign.bounced` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['campaign.bounced'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'campaign.replies',
    title: 'Campaign replies',
    description: 'Count of `campaign.replied` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['campaign.replied'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'campaign.clicks',
    title: 'Campaign clicks',
    description: 'Count of `campaign.clicked` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['campaign.clicked'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'campaign.delivery_rate',
    title: 'Delivery rate',
    description: 'sent / (sent + bounced): count of `campaign.sent` / (that + count of `campaign.bounced`).',
    scope: 'company',
    unit: 'rate',
    kind: 'rate',
    sourceEvents: ['campaign.sent', 'campaign.bounced'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: null,
  },
  {
    id: 'campaign.reply_rate',
    title: 'Reply rate',
    description:
      'Cohort rate over the distinct (customer, `campaign_id`) pairs with a `campaign.sent` in the window: ' +
      'the fraction with a reply (`campaign.replied`).',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['campaign.sent', 'campaign.replied'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: null,
  },
  {
    id: 'campaign.opt_outs',
    title: 'Opted-out customers',
    description:
      'Number of customers whose latest opt event (`campaign.opted_in` / `campaign.opted_out`) is ' +
      "`campaign.opted_out`; under `group_by=campaign_id`, the latest among that campaign's opt events.",
    scope: 'company',
    unit: 'count',
    kind: 'state',
    sourceEvents: ['campaign.opted_in', 'campaign.opted_out'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'campaign.attributed_revenue',
    title: 'Campaign-attributed revenue',
    description:
      'As the customer metric, summed over all customers: `paid_amount` of the `order.paid` events in the ' +
      'window whose customer had a `campaign.replied` or `campaign.clicked` at `t` with ' +
      'paid − 604800 s ≤ t < paid (the touch may lie before `from`). With `group_by=campaign_id` the ' +
      'payment goes to the campaign of the most recent qualifying reply/click (last touch).',
    scope: 'company',
    unit: 'money',
    kind: 'sum',
    sourceEvents: ['order.paid', 'campaign.replied', 'campaign.clicked'],
    groupBy: CAMPAIGN_GROUPS,
    emptyValue: 0,
  },
  // ── campaign: Ads ──────────────────────────────────────────────────────────
  {
    id: 'ads.impressions',
    title: 'Ad impressions',
    description: 'Count of `ad.impression` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['ad.impression'],
    groupBy: ADS_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'ads.clicks',
    title: 'Ad clicks',
    description: 'Count of `ad.clicked` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['ad.clicked'],
    groupBy: ADS_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'ads.leads',
    title: 'Ad leads',
    description: 'Count of `ad.lead_captured` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['ad.lead_captured'],
    groupBy: ADS_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'ads.conversions',
    title: 'Ad conversions',
    description: 'Count of `ad.converted` events.',
    scope: 'company',
    unit: 'count',
    kind: 'count',
    sourceEvents: ['ad.converted'],
    groupBy: ADS_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'ads.ctr',
    title: 'Ad click-through rate',
    description: 'clicks / impressions: count of `ad.clicked` / count of `ad.impression`.',
    scope: 'company',
    unit: 'rate',
    kind: 'rate',
    sourceEvents: ['ad.impression', 'ad.clicked'],
    groupBy: ADS_GROUPS,
    emptyValue: null,
  },
  {
    id: 'ads.conversion_rate',
    title: 'Ads conversion rate (% ads conversion)',
    description: 'conversions / clicks: count of `ad.converted` / count of `ad.clicked`.',
    scope: 'company',
    unit: 'rate',
    kind: 'rate',
    sourceEvents: ['ad.clicked', 'ad.converted'],
    groupBy: ADS_GROUPS,
    emptyValue: null,
  },
  {
    id: 'ads.spend',
    title: 'Ad spend',
    description:
      'Sum of `ad_spend` of `ad.spend_recorded` (the spend on `ad.impression` is not added, to avoid ' +
      'double counting).',
    scope: 'company',
    unit: 'money',
    kind: 'sum',
    sourceEvents: ['ad.spend_recorded'],
    groupBy: ADS_GROUPS,
    emptyValue: 0,
  },
  {
    id: 'ads.cpl',
    title: 'Cost per lead (CPL)',
    description: 'spend / leads: `ads.spend` / count of `ad.lead_captured`; null when there are no leads.',
    scope: 'company',
    unit: 'money',
    kind: 'ratio',
    sourceEvents: ['ad.spend_recorded', 'ad.lead_captured'],
    groupBy: ADS_GROUPS,
    emptyValue: null,
  },
  {
    id: 'ads.cpa',
    title: 'Cost per acquisition (CPA)',
    description:
      'spend / conversions: `ads.spend` / count of `ad.converted`; null when there are no conversions.',
    scope: 'company',
    unit: 'money',
    kind: 'ratio',
    sourceEvents: ['ad.spend_recorded', 'ad.converted'],
    groupBy: ADS_GROUPS,
    emptyValue: null,
  },
  {
    id: 'ads.roas',
    title: 'Return on ad spend (ROAS)',
    description: 'Sum of `conversion_value` of `ad.converted` / `ads.spend`; null when spend is 0.',
    scope: 'company',
    unit: 'ratio',
    kind: 'ratio',
    sourceEvents: ['ad.converted', 'ad.spend_recorded'],
    groupBy: ADS_GROUPS,
    emptyValue: null,
  },
  // ── communication ──────────────────────────────────────────────────────────
  {
    id: 'communication.avg_csat',
    title: 'Average CSAT',
    description: 'As per customer, over all customers: mean `score` of `csat.submitted`.',
    scope: 'company',
    unit: 'score',
    kind: 'average',
    sourceEvents: ['csat.submitted'],
    emptyValue: null,
  },
  {
    id: 'communication.ai_containment_rate',
    title: 'AI containment rate',
    description:
      'As per customer, over all customers: count of `bot.contained` / (count of `bot.contained` + count ' +
      'of `conversation.escalated`).',
    scope: 'company',
    unit: 'rate',
    kind: 'rate',
    sourceEvents: ['bot.contained', 'conversation.escalated'],
    emptyValue: null,
  },
  {
    id: 'communication.nps',
    title: 'Net Promoter Score',
    description:
      '100 × (share of `nps.submitted` scores 9–10 − share of scores 0–6), from −100 to 100; null when ' +
      'there are no submissions.',
    scope: 'company',
    unit: 'score',
    kind: 'score',
    sourceEvents: ['nps.submitted'],
    emptyValue: null,
  },
  // ── ticketing ──────────────────────────────────────────────────────────────
  {
    id: 'ticketing.resolution_rate',
    title: 'Resolution rate',
    description:
      'As per customer, over all tickets: among tickets created in the window, the fraction with a ' +
      '`ticket.resolved`.',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['ticket.created', 'ticket.resolved'],
    emptyValue: null,
  },
  {
    id: 'ticketing.sla_breach_rate',
    title: 'SLA breach rate',
    description:
      'As per customer, over all tickets: among tickets created in the window, the fraction with at ' +
      'least one `ticket.sla_breached`.',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['ticket.created', 'ticket.sla_breached'],
    emptyValue: null,
  },
  {
    id: 'ticketing.avg_time_to_resolve_s',
    title: 'Average time to resolve',
    description:
      'As per customer, over all tickets created in the window and resolved: mean of (`resolved_at` of ' +
      "the `ticket.resolved`, else that resolved event's `event_timestamp`) − the created event's " +
      '`event_timestamp`.',
    scope: 'company',
    unit: 'seconds',
    kind: 'average',
    sourceEvents: ['ticket.created', 'ticket.resolved'],
    emptyValue: null,
  },
  // ── deals ──────────────────────────────────────────────────────────────────
  {
    id: 'deals.won_rate',
    title: 'Won rate',
    description:
      'Cohort rate as per customer, over all deals of the company: among deals created in the window, ' +
      'the fraction with a `deal.won`.',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['deal.created', 'deal.won'],
    emptyValue: null,
  },
  {
    id: 'deals.pipeline_value',
    title: 'Open pipeline value',
    description:
      'Open pipeline at `to`: the sum of `deal.created` `deal_size` over every deal created before `to` ' +
      'with neither a `deal.won` nor a `deal.lost` before `to` (a state metric; a deal created more than ' +
      'once counts once, with the `deal_size` of its earliest `deal.created`).',
    scope: 'company',
    unit: 'money',
    kind: 'state',
    sourceEvents: ['deal.created', 'deal.won', 'deal.lost'],
    emptyValue: 0,
  },
  // ── conversion ─────────────────────────────────────────────────────────────
  {
    id: 'conversion.revenue',
    title: 'Revenue',
    description:
      'As the customer `conversion.ltv`, over all customers: sum of `paid_amount` of `order.paid`.',
    scope: 'company',
    unit: 'money',
    kind: 'sum',
    sourceEvents: ['order.paid'],
    emptyValue: 0,
  },
  {
    id: 'conversion.avg_order_value',
    title: 'Average order value',
    description: 'As per customer, over all orders: mean `total_value` of `order.created`.',
    scope: 'company',
    unit: 'money',
    kind: 'average',
    sourceEvents: ['order.created'],
    emptyValue: null,
  },
  {
    id: 'conversion.paid_rate',
    title: 'Paid rate',
    description:
      'As per customer, over all orders: among orders created in the window, the fraction with an ' +
      '`order.paid`.',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['order.created', 'order.paid'],
    emptyValue: null,
  },
  {
    id: 'conversion.booking_completed_rate',
    title: 'Booking completed rate',
    description:
      'As per customer, over all bookings: among bookings created in the window, the fraction with a ' +
      '`booking.completed`.',
    scope: 'company',
    unit: 'rate',
    kind: 'cohort_rate',
    sourceEvents: ['booking.created', 'booking.completed'],
    emptyValue: null,
  },
  // ── loyalty ────────────────────────────────────────────────────────────────
  {
    id: 'loyalty.members_total',
    title: 'Total loyalty members',
    description: 'Number of customers who are members (as `loyalty.member`) at `to`.',
    scope: 'company',
    unit: 'count',
    kind: 'state',
    sourceEvents: ['membership.enrolled', 'membership.unenrolled'],
    emptyValue: 0,
  },
  {
    id: 'loyalty.enrollment_rate',
    title: 'Enrollment rate',
    description: '`loyalty.members_total` / the number of customers with any event at or before `to`.',
    scope: 'company',
    unit: 'rate',
    kind: 'state',
    sourceEvents: ['membership.enrolled', 'membership.unenrolled'],
    readsAnyEvent: true,
    emptyValue: null,
  },
  {
    id: 'loyalty.enrollment_by_program',
    title: 'Enrollment by program',
    description:
      'Members counted by `program_id`: a customer counts under each program for which the latest of ' +
      '`membership.enrolled` / `membership.unenrolled` is `membership.enrolled`.',
    scope: 'company',
    unit: 'counts_by',
    kind: 'state',
    sourceEvents: ['membership.enrolled', 'membership.unenrolled'],
    emptyValue: EMPTY_OBJECT,
  },
  {
    id: 'loyalty.new_member_growth_rate',
    title: 'New member growth rate',
    description:
      'Like `cdp.new_customer_growth_rate` over `membership.enrolled`: (count in the window − count in ' +
      'the previous window of equal length) / count in the previous window; null without `from` or ' +
      'when the previous count is 0.',
    scope: 'company',
    unit: 'ratio',
    kind: 'growth_rate',
    sourceEvents: ['membership.enrolled'],
    emptyValue: null,
  },
  {
    id: 'loyalty.tier_distribution',
    title: 'Tier distribution',
    description: 'Members counted by `loyalty.tier` (members without a tier are not counted).',
    scope: 'company',
    unit: 'counts_by',
    kind: 'state',
    sourceEvents: ['membership.enrolled', 'membership.unenrolled', 'tier.upgraded', 'tier.downgraded'],
    emptyValue: EMPTY_OBJECT,
  },
  {
    id: 'loyalty.avg_available_points',
    title: 'Average available points per member',
    description:
      'Mean `loyalty.available_points` over members (members without a known balance are no sample).',
    scope: 'company',
    unit: 'points',
    kind: 'state',
    sourceEvents: LOYALTY_POINT_EVENTS,
    emptyValue: null,
  },
] as const satisfies readonly MetricDefinition[]
