/** Communication metrics (METRICS.md): conversations, calls, messages, response times, CSAT, NPS, AI containment. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { ratio } from './metric-scope.js'
import { modeSource, oldestFirst, windowSource } from './source-kit.js'

const counts = windowSource(
  'communication.window',
  [
    'conversation.started',
    'call.started',
    'message.received',
    'conversation.resolved',
    'call.completed',
    'csat.submitted',
    'nps.submitted',
    'bot.contained',
    'conversation.escalated',
  ],
  (q) => ({
    v: sql`CASE ce.event_name
      WHEN 'conversation.resolved' THEN ${q.read.attributeNumber('resolution_time_seconds')}
      WHEN 'call.completed' THEN ${q.read.attributeNumber('duration_seconds')}
      WHEN 'csat.submitted' THEN ${q.read.attributeNumber('score')}
      WHEN 'nps.submitted' THEN ${q.read.attributeNumber('score')} END`,
  }),
  {
    conversations: { count: ['conversation.started'] },
    calls: { count: ['call.started'] },
    messages: { count: ['message.received'] },
    resolution_sum: { sum: 'v', of: ['conversation.resolved'] },
    resolution_n: { countValues: 'v', of: ['conversation.resolved'] },
    duration_sum: { sum: 'v', of: ['call.completed'] },
    duration_n: { countValues: 'v', of: ['call.completed'] },
    csat_sum: { sum: 'v', of: ['csat.submitted'] },
    csat_n: { countValues: 'v', of: ['csat.submitted'] },
    nps_sum: { sum: 'v', of: ['nps.submitted'] },
    nps_n: { countValues: 'v', of: ['nps.submitted'] },
    nps_promoters: { countWhere: 'v', of: ['nps.submitted'], condition: (v) => sql`${v} >= 9` },
    nps_detractors: { countWhere: 'v', of: ['nps.submitted'], condition: (v) => sql`${v} <= 6` },
    contained: { count: ['bot.contained'] },
    escalated: { count: ['conversation.escalated'] },
  },
)

const preferredChannel = modeSource(
  'communication.preferred_channel',
  ['conversation.started', 'call.started'],
  'channel',
)

/**
 * Per `conversation.assigned` A in the window: the first `message.received` after A (event order),
 * before the customer's next assignment and before `to`. The next assignment is in the window too
 * (it follows A), so the window's assignments suffice. Events without a customer yet pair with
 * nothing (`=` on null): whose reply it was is unknown.
 */
const responseTime: MetricSource = {
  name: 'communication.response_time',
  query(q) {
    const bin = (ref: string) => q.read.binary(sql.ref(ref))
    const after = (m: string, a: string) =>
      sql`(${sql.ref(`${m}.ts`)} > ${sql.ref(`${a}.ts`)} OR (${sql.ref(`${m}.ts`)} = ${sql.ref(`${a}.ts`)} AND ${bin(`${m}.id`)} > ${bin(`${a}.id`)}))`
    return sql`WITH a AS ${q.events(['conversation.assigned'], q.window)},
      an AS (SELECT a.cid, a.k, a.ts, a.id,
               LEAD(a.ts) OVER (PARTITION BY a.cid ORDER BY ${oldestFirst(q, 'a')}) AS nts,
               LEAD(a.id) OVER (PARTITION BY a.cid ORDER BY ${oldestFirst(q, 'a')}) AS nid
             FROM a),
      m AS ${q.events(['message.received'], q.window)},
      answered AS (SELECT an.cid, an.k, an.id, an.ts, MIN(m.ts) AS mts
             FROM an JOIN m ON m.cid = an.cid AND ${after('m', 'an')}
               AND (an.nts IS NULL OR m.ts < an.nts OR (m.ts = an.nts AND ${bin('m.id')} < ${q.read.binary(sql.ref('an.nid'))}))
             GROUP BY an.cid, an.k, an.id, an.ts)
      SELECT answered.k AS k, SUM(answered.mts - answered.ts) AS response_ms, COUNT(*) AS response_n
      FROM answered GROUP BY answered.k`
  },
}

const avg = (sum: string, n: string) => (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p(sum), p(n))

export const COMMUNICATION_METRICS: readonly MetricImplementation[] = [
  column('communication.conversations_total', 'customer', counts, 'conversations'),
  column('communication.calls_total', 'customer', counts, 'calls'),
  column('communication.messages_total', 'customer', counts, 'messages'),
  column('communication.preferred_channel', 'customer', preferredChannel, 'mode'),
  {
    id: 'communication.avg_response_time_s',
    scope: 'customer',
    source: responseTime,
    value: (p) => sql`${ratio(p('response_ms'), p('response_n'))} / 1000.0`,
  },
  {
    id: 'communication.avg_resolution_time_s',
    scope: 'customer',
    source: counts,
    value: avg('resolution_sum', 'resolution_n'),
  },
  {
    id: 'communication.avg_call_duration_s',
    scope: 'customer',
    source: counts,
    value: avg('duration_sum', 'duration_n'),
  },
  { id: 'communication.avg_csat', scope: 'customer', source: counts, value: avg('csat_sum', 'csat_n') },
  { id: 'communication.avg_nps', scope: 'customer', source: counts, value: avg('nps_sum', 'nps_n') },
  {
    id: 'communication.ai_containment_rate',
    scope: 'customer',
    source: counts,
    value: (p) => ratio(p('contained'), sql`${p('contained')} + ${p('escalated')}`),
  },
  { id: 'communication.avg_csat', scope: 'company', source: counts, value: avg('csat_sum', 'csat_n') },
  {
    id: 'communication.ai_containment_rate',
    scope: 'company',
    source: counts,
    value: (p) => ratio(p('contained'), sql`${p('contained')} + ${p('escalated')}`),
  },
  {
    id: 'communication.nps',
    scope: 'company',
    source: counts,
    value: (p) => sql`100.0 * ${ratio(sql`${p('nps_promoters')} - ${p('nps_detractors')}`, p('nps_n'))}`,
  },
]
