/** CDP module (PRD §6.6): the customer record and segment membership, the source of identity. */
import { z } from 'zod'
import { changeList, email, entityId, fieldList, label, phone, timestamp } from '../fields/field-types.js'
import { CUSTOMER_ID_ACCEPTED, CUSTOMER_ID_NOTE, customerIdAttribute } from './customer-id-attribute.js'
import { defineEvent } from './define-event.js'

const IDENTIFIERS_NOTE =
  'Added optional top-level `phone` and `email`: typed, identity-marked copies the resolver indexes (values inside the field lists are not indexed).'

const segmentId = entityId('Segment id')
const segmentName = label('Segment name at the time of the change')

const customerCreatedV1 = z.strictObject({
  default_fields: fieldList('Standard customer fields as [{ name, value }]'),
  custom_fields: fieldList('Company-defined customer fields as [{ name, value }]').optional(),
  phone: phone().optional(),
  email: email().optional(),
  created_at: timestamp('When the customer record was created').optional(),
  created_by: label('Who or what created the record: a user id, or e.g. import, automation').optional(),
})

const customerCreatedExample = {
  default_fields: [
    { name: 'full_name', value: 'Sari Wulandari' },
    { name: 'phone', value: '+6281234567890' },
    { name: 'city', value: 'Bandung' },
  ],
  custom_fields: [
    { name: 'preferred_outlet', value: 'outlet_bdg_dago' },
    { name: 'is_reseller', value: false },
  ],
  phone: '+6281234567890',
  email: 'sari.wulandari@example.co.id',
  created_at: '2026-11-20T08:30:00+07:00',
  created_by: 'agent_17',
} satisfies z.input<typeof customerCreatedV1>

export const customerCreated = defineEvent({
  name: 'customer.created',
  module: 'cdp',
  description: 'A new customer was added (manually or by automation).',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'required',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    CUSTOMER_ID_NOTE,
    IDENTIFIERS_NOTE,
    '`custom_fields` is optional: a company may define none.',
    '`created_at` and `created_by` are optional: the envelope `event_timestamp` and `actor` say the same.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: customerCreatedV1, example: customerCreatedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...customerCreatedV1.shape }),
  example: customerCreatedExample,
})

const customerUpdatedV1 = z.strictObject({
  change_fields: changeList('Changed fields as [{ name, old_value, new_value }]'),
  phone: phone("Customer's phone number after the update").optional(),
  email: email("Customer's email address after the update").optional(),
  updated_at: timestamp('When the customer record was updated').optional(),
  updated_by: label('Who or what updated the record: a user id, or e.g. import, automation').optional(),
})

const customerUpdatedExample = {
  change_fields: [
    { name: 'email', old_value: null, new_value: 'sari.wulandari@example.co.id' },
    { name: 'city', old_value: 'Bandung', new_value: 'Jakarta Selatan' },
  ],
  email: 'sari.wulandari@example.co.id',
  updated_at: '2026-11-25T13:10:00+07:00',
  updated_by: 'agent_17',
} satisfies z.input<typeof customerUpdatedV1>

export const customerUpdated = defineEvent({
  name: 'customer.updated',
  module: 'cdp',
  description: 'Customer fields or attributes were updated.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'required',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    CUSTOMER_ID_NOTE,
    `${IDENTIFIERS_NOTE} They carry the values after the update.`,
    '`change_fields` holds at least one change.',
    '`updated_at` and `updated_by` are optional: the envelope `event_timestamp` and `actor` say the same.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: customerUpdatedV1, example: customerUpdatedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...customerUpdatedV1.shape }),
  example: customerUpdatedExample,
})

const segmentEnteredV1 = z.strictObject({
  segment_id: segmentId,
  segment_name: segmentName,
})

const segmentEnteredExample = {
  segment_id: 'seg_vip_jabodetabek',
  segment_name: 'VIP Jabodetabek',
} satisfies z.input<typeof segmentEnteredV1>

export const segmentEntered = defineEvent({
  name: 'segment.entered',
  module: 'cdp',
  description: 'The customer was added to a segment.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'required',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [CUSTOMER_ID_NOTE],
  previousVersions: [{ version: '1-0-0', attributes: segmentEnteredV1, example: segmentEnteredExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...segmentEnteredV1.shape }),
  example: segmentEnteredExample,
})

const segmentExitedV1 = z.strictObject({
  segment_id: segmentId,
  segment_name: segmentName,
})

const segmentExitedExample = {
  segment_id: 'seg_vip_jabodetabek',
  segment_name: 'VIP Jabodetabek',
} satisfies z.input<typeof segmentExitedV1>

export const segmentExited = defineEvent({
  name: 'segment.exited',
  module: 'cdp',
  description: 'The customer was removed from a segment.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'required',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [CUSTOMER_ID_NOTE],
  previousVersions: [{ version: '1-0-0', attributes: segmentExitedV1, example: segmentExitedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...segmentExitedV1.shape }),
  example: segmentExitedExample,
})

export const cdpEvents = [customerCreated, customerUpdated, segmentEntered, segmentExited] as const
