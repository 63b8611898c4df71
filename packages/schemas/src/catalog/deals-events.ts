/** Deals module (PRD §6.3): B2B sales deals, 5 events. */
import { z } from 'zod'
import {
  count,
  entityId,
  extensionMap,
  idList,
  label,
  money,
  personal,
  seconds,
  timestamp,
} from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const dealId = entityId('Deal id; links every event of one deal')
const otherFields = () => extensionMap("The PRD's {other_fields}: the deal's custom fields").optional()
const customerAssociation = () => idList('Ids of the customers associated with the deal').optional()
const productAssociation = () => idList('Ids of the products associated with the deal').optional()

const associationNote =
  "`customer_association` is optional: it lists further linked customers; the envelope's `qontak_customer_id` already names the customer the deal is about."

export const dealCreated = defineEvent({
  name: 'deal.created',
  module: 'deals',
  description: 'A new deal was opened.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_21' },
  exampleTriggerFrom: 'agent',
  notes: [associationNote],
  attributes: z.strictObject({
    deal_id: dealId,
    pipeline_id: entityId('Deal pipeline id'),
    stage_id: entityId('Stage the deal was opened in'),
    deal_size: money('Expected deal value in the company currency'),
    owner_id: entityId('Sales agent who owns the deal'),
    other_fields: otherFields(),
    customer_association: customerAssociation(),
  }),
  example: {
    deal_id: 'deal_30451',
    pipeline_id: 'pl_b2b_distribusi',
    stage_id: 'stg_prospek',
    deal_size: 125000000,
    owner_id: 'agent_21',
    other_fields: { perusahaan: 'PT Sumber Makmur Abadi', kota: 'Semarang', sumber_lead: 'pameran' },
    customer_association: ['cust_20417', 'cust_20418'],
  },
})

export const dealStageChanged = defineEvent({
  name: 'deal.stage_changed',
  module: 'deals',
  description: 'A deal moved to another stage.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_21' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`days_in_stage` counts whole days spent in `old_stage`.',
    '`changed_by` is required: it is the agent or the automation rule that moved the deal.',
    associationNote,
  ],
  attributes: z.strictObject({
    deal_id: dealId,
    old_stage: label('Stage before the move (stage id or name, as the pipeline uses)'),
    new_stage: label('Stage after the move (stage id or name, as the pipeline uses)'),
    days_in_stage: count('Whole days the deal spent in old_stage'),
    timestamp: timestamp('Move time at the source').optional(),
    changed_by: entityId('Id of the agent or automation rule that moved the deal'),
    customer_association: customerAssociation(),
  }),
  example: {
    deal_id: 'deal_30451',
    old_stage: 'stg_prospek',
    new_stage: 'stg_negosiasi',
    days_in_stage: 6,
    timestamp: '2026-11-09T08:30:00+07:00',
    changed_by: 'agent_21',
    customer_association: ['cust_20417'],
  },
})

export const dealWon = defineEvent({
  name: 'deal.won',
  module: 'deals',
  description: 'A deal was closed won.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_21' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`close_date` is optional: `deals.avg_time_to_conversion_s` falls back to the event timestamp.',
    associationNote,
  ],
  attributes: z.strictObject({
    deal_id: dealId,
    deal_size: money('Final deal value in the company currency'),
    close_date: timestamp('When the deal was closed at the source').optional(),
    other_fields: otherFields(),
    customer_association: customerAssociation(),
    product_association: productAssociation(),
  }),
  example: {
    deal_id: 'deal_30451',
    deal_size: 118500000,
    close_date: '2026-11-20T10:00:00+07:00',
    other_fields: { termin_pembayaran: 'NET 30', nomor_po: 'PO/SMA/2026/112' },
    customer_association: ['cust_20417'],
    product_association: ['prd_kemasan_1kg', 'prd_kemasan_5kg'],
  },
})

export const dealLost = defineEvent({
  name: 'deal.lost',
  module: 'deals',
  description: 'A deal was closed lost.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_21' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`lost_date` is optional, like `close_date` on `deal.won`: the event timestamp says when it happened.',
    '`loss_reason` is optional: not every pipeline makes the sales agent pick a reason.',
    associationNote,
  ],
  attributes: z.strictObject({
    deal_id: dealId,
    deal_size: money('Deal value at the time it was lost, in the company currency'),
    lost_date: timestamp('When the deal was lost at the source').optional(),
    loss_reason: personal(
      label('Why the deal was lost, e.g. price, competitor, no_budget, no_response'),
      'free_text',
    ).optional(),
    other_fields: otherFields(),
    customer_association: customerAssociation(),
    product_association: productAssociation(),
  }),
  example: {
    deal_id: 'deal_30502',
    deal_size: 47000000,
    lost_date: '2026-11-25T16:15:00+07:00',
    loss_reason: 'competitor',
    other_fields: { kompetitor: 'CV Jaya Kemas' },
    customer_association: ['cust_20533'],
    product_association: ['prd_kemasan_1kg'],
  },
})

export const dealRottenTimeBreached = defineEvent({
  name: 'deal.rotten_time_breached',
  module: 'deals',
  description: "A deal's rotten timer expired before it converted.",
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  attributes: z.strictObject({
    deal_id: dealId,
    deal_size: money('Deal value at the time of the breach, in the company currency'),
    breach_duration_seconds: seconds('How far past the rotten-time limit the deal was when the event fired'),
  }),
  example: {
    deal_id: 'deal_30502',
    deal_size: 47000000,
    breach_duration_seconds: 86400,
  },
})

export const dealsEvents = [dealCreated, dealStageChanged, dealWon, dealLost, dealRottenTimeBreached] as const
