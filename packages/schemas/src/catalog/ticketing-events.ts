/** Ticketing module (PRD §6.2): customer service tickets, 5 events. */
import { z } from 'zod'
import { entityId, extensionMap, idList, label, seconds, timestamp } from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const ticketId = entityId('Ticket id; links every event of one ticket')
const agentId = entityId('Id of the human agent')

export const ticketCreated = defineEvent({
  name: 'ticket.created',
  module: 'ticketing',
  description: 'A new ticket was opened.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`assigned_id` is optional: a ticket can be opened unassigned and assigned later (`ticket.assigned`).',
    "`customer_association` is optional: it lists further linked customers; the envelope's `qontak_customer_id` already names the customer the ticket is about.",
  ],
  attributes: z.strictObject({
    ticket_id: ticketId,
    pipeline_id: entityId('Ticket pipeline id'),
    stage_id: entityId('Stage the ticket was opened in'),
    assigned_id: entityId('Agent the ticket was assigned to on creation').optional(),
    creator_id: entityId('Id of the agent, customer or integration that opened the ticket'),
    other_fields: extensionMap("The PRD's {other_fields}: the ticket's custom fields").optional(),
    customer_association: idList('Ids of the customers associated with the ticket').optional(),
  }),
  example: {
    ticket_id: 'tkt_88231',
    pipeline_id: 'pl_cs_retail',
    stage_id: 'stg_open',
    assigned_id: 'agent_17',
    creator_id: 'agent_17',
    other_fields: { kategori: 'pengiriman', nomor_pesanan: 'INV-2026-1188', prioritas: 'tinggi' },
    customer_association: ['cust_10293'],
  },
})

export const ticketAssigned = defineEvent({
  name: 'ticket.assigned',
  module: 'ticketing',
  description: 'A ticket was assigned to an agent.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_3' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`team_id` is optional: not every company groups agents in teams.',
    "`assigned_at` is optional: the envelope's `event_timestamp` already says when it happened.",
  ],
  attributes: z.strictObject({
    ticket_id: ticketId,
    agent_id: entityId('Agent the ticket was assigned to'),
    team_id: entityId('Team of the assigned agent').optional(),
    assigned_at: timestamp('Assignment time at the source').optional(),
  }),
  example: {
    ticket_id: 'tkt_88231',
    agent_id: 'agent_17',
    team_id: 'team_cs_jakarta',
    assigned_at: '2026-11-12T03:15:00Z',
  },
})

export const ticketStageChanged = defineEvent({
  name: 'ticket.stage_changed',
  module: 'ticketing',
  description: 'A ticket moved between stages.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: ['`changed_by` is required: it is the agent or the automation rule that moved the ticket.'],
  attributes: z.strictObject({
    ticket_id: ticketId,
    old_stage: label('Stage before the move (stage id or name, as the pipeline uses)'),
    new_stage: label('Stage after the move (stage id or name, as the pipeline uses)'),
    changed_by: entityId('Id of the agent or automation rule that moved the ticket'),
    timestamp: timestamp('Move time at the source').optional(),
  }),
  example: {
    ticket_id: 'tkt_88231',
    old_stage: 'stg_open',
    new_stage: 'stg_in_progress',
    changed_by: 'agent_17',
    timestamp: '2026-11-12T03:20:00Z',
  },
})

export const ticketResolved = defineEvent({
  name: 'ticket.resolved',
  module: 'ticketing',
  description: 'A ticket was marked as resolved.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`resolved_at` is optional: `ticketing.avg_time_to_resolve_s` falls back to the event timestamp.',
    '`agent_id` is optional: a ticket closed by an automation rule (e.g. no reply from the customer) has no agent.',
  ],
  attributes: z.strictObject({
    ticket_id: ticketId,
    resolved_at: timestamp('Resolution time at the source').optional(),
    resolution_type: z
      .enum(['first_contact', 'escalated'])
      .meta({ description: 'Resolved at first contact, or after escalation' }),
    agent_id: agentId.optional(),
  }),
  example: {
    ticket_id: 'tkt_88231',
    resolved_at: '2026-11-12T05:42:00Z',
    resolution_type: 'first_contact',
    agent_id: 'agent_17',
  },
})

export const ticketSlaBreached = defineEvent({
  name: 'ticket.sla_breached',
  module: 'ticketing',
  description: 'An SLA timer expired before the ticket was resolved.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  attributes: z.strictObject({
    ticket_id: ticketId,
    sla_type: z.enum(['first_response', 'resolution']).meta({ description: 'Which SLA timer expired' }),
    breach_duration_seconds: seconds('How far past the SLA target the ticket was when the event fired'),
  }),
  example: {
    ticket_id: 'tkt_88297',
    sla_type: 'first_response',
    breach_duration_seconds: 900,
  },
})

export const ticketingEvents = [
  ticketCreated,
  ticketAssigned,
  ticketStageChanged,
  ticketResolved,
  ticketSlaBreached,
] as const
