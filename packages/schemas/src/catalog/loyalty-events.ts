/**
 * Loyalty module (PRD §6.7): membership, points and tiers. Every event names its member through
 * `member_id`, an identifier the resolver indexes, so `qontak_customer_id` may be left to it.
 */
import { z } from 'zod'
import { count, entityId, label, memberId, timestamp } from '../fields/field-types.js'
import { CUSTOMER_ID_ACCEPTED, CUSTOMER_ID_NOTE, customerIdAttribute } from './customer-id-attribute.js'
import { defineEvent } from './define-event.js'

const MEMBER_RESOLVES =
  'Customer rule `or-identifier`: the resolver can find the customer through the required `member_id`.'
const BALANCE_REQUIRED =
  '`available_point` is required: the event changes or sets the balance the points metric reads.'
const BALANCE_OPTIONAL =
  '`available_point` is optional: a tier change does not move the balance; the points metric uses the latest event that carries it.'

const programId = entityId('Loyalty program id')
const availablePoint = count("Member's spendable point balance after this event")
const expiredPointAt = timestamp('When the next batch of the available points expires')

const membershipEnrolledV1 = z.strictObject({
  member_id: memberId(),
  program_id: programId,
  enrolled_at: timestamp('When the customer enrolled').optional(),
  initial_tier: label('Tier the member starts in'),
  available_point: availablePoint,
})

const membershipEnrolledExample = {
  member_id: 'mbr_000981',
  program_id: 'prg_sahabat_kopi',
  enrolled_at: '2026-11-02T10:00:00+07:00',
  initial_tier: 'Silver',
  available_point: 100,
} satisfies z.input<typeof membershipEnrolledV1>

export const membershipEnrolled = defineEvent({
  name: 'membership.enrolled',
  module: 'loyalty',
  description: 'The customer joined a loyalty program.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  notes: [
    CUSTOMER_ID_NOTE,
    MEMBER_RESOLVES,
    '`program_id` and `initial_tier` are required: enrolment by program and tier distribution read them.',
    BALANCE_REQUIRED,
    '`enrolled_at` is optional: it defaults to the envelope `event_timestamp`.',
  ],
  previousVersions: [
    { version: '1-0-0', attributes: membershipEnrolledV1, example: membershipEnrolledExample },
  ],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...membershipEnrolledV1.shape }),
  example: membershipEnrolledExample,
})

const membershipUnenrolledV1 = z.strictObject({
  member_id: memberId(),
  program_id: programId,
  unenrolled_at: timestamp('When the customer left the program').optional(),
  last_tier: label('Tier the member was in when leaving'),
  available_point: availablePoint,
})

const membershipUnenrolledExample = {
  member_id: 'mbr_000981',
  program_id: 'prg_sahabat_kopi',
  unenrolled_at: '2026-11-29T16:45:00+07:00',
  last_tier: 'Gold',
  available_point: 0,
} satisfies z.input<typeof membershipUnenrolledV1>

export const membershipUnenrolled = defineEvent({
  name: 'membership.unenrolled',
  module: 'loyalty',
  description: 'The customer unenrolled from a loyalty program.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    CUSTOMER_ID_NOTE,
    MEMBER_RESOLVES,
    '`program_id` is required: membership is tracked per program.',
    '`last_tier` is required, like `initial_tier`: every member is in a tier.',
    BALANCE_REQUIRED,
    '`unenrolled_at` is optional: it defaults to the envelope `event_timestamp`.',
  ],
  previousVersions: [
    { version: '1-0-0', attributes: membershipUnenrolledV1, example: membershipUnenrolledExample },
  ],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...membershipUnenrolledV1.shape }),
  example: membershipUnenrolledExample,
})

const pointsEarnedV1 = z.strictObject({
  member_id: memberId(),
  points_amount: count('Points credited'),
  transaction_ref: entityId(
    'Reference of the transaction that earned the points, e.g. an order id',
  ).optional(),
  earned_at: timestamp('When the points were credited').optional(),
  available_point: availablePoint,
  expired_point_at: expiredPointAt.optional(),
})

const pointsEarnedExample = {
  member_id: 'mbr_000981',
  points_amount: 57,
  transaction_ref: 'ord_2026_11_10087',
  earned_at: '2026-11-27T19:51:00+07:00',
  available_point: 1240,
  expired_point_at: '2027-11-27T23:59:59+07:00',
} satisfies z.input<typeof pointsEarnedV1>

export const pointsEarned = defineEvent({
  name: 'points.earned',
  module: 'loyalty',
  description: 'Points were credited to the member.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    CUSTOMER_ID_NOTE,
    MEMBER_RESOLVES,
    '`transaction_ref` is optional: points can be credited without a transaction (a bonus, a manual adjustment).',
    BALANCE_REQUIRED,
    '`earned_at` and `expired_point_at` are optional.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: pointsEarnedV1, example: pointsEarnedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...pointsEarnedV1.shape }),
  example: pointsEarnedExample,
})

const pointsBurnedV1 = z.strictObject({
  member_id: memberId(),
  points_used: count('Points burned or deducted'),
  redeemed_at: timestamp('When the points were burned').optional(),
  available_point: availablePoint,
  expired_point_at: expiredPointAt.optional(),
})

const pointsBurnedExample = {
  member_id: 'mbr_000981',
  points_used: 500,
  redeemed_at: '2026-11-28T12:05:00+07:00',
  available_point: 740,
  expired_point_at: '2027-11-27T23:59:59+07:00',
} satisfies z.input<typeof pointsBurnedV1>

export const pointsBurned = defineEvent({
  name: 'points.burned',
  module: 'loyalty',
  description: 'Points were burned for a reward or deducted.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  notes: [
    CUSTOMER_ID_NOTE,
    MEMBER_RESOLVES,
    BALANCE_REQUIRED,
    '`redeemed_at` and `expired_point_at` are optional.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: pointsBurnedV1, example: pointsBurnedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...pointsBurnedV1.shape }),
  example: pointsBurnedExample,
})

const rewardsRedeemedV1 = z.strictObject({
  member_id: memberId(),
  reward_used_id: entityId('Id of the redeemed reward'),
  reward_name: label('Reward name at the time of redemption'),
  available_point: availablePoint,
  expired_point_at: expiredPointAt.optional(),
})

const rewardsRedeemedExample = {
  member_id: 'mbr_000981',
  reward_used_id: 'rwd_free_es_kopi_susu',
  reward_name: 'Gratis Es Kopi Susu',
  available_point: 740,
  expired_point_at: '2027-11-27T23:59:59+07:00',
} satisfies z.input<typeof rewardsRedeemedV1>

export const rewardsRedeemed = defineEvent({
  name: 'rewards.redeemed',
  module: 'loyalty',
  description: 'The member redeemed a reward.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  notes: [CUSTOMER_ID_NOTE, MEMBER_RESOLVES, BALANCE_REQUIRED, '`expired_point_at` is optional.'],
  previousVersions: [{ version: '1-0-0', attributes: rewardsRedeemedV1, example: rewardsRedeemedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...rewardsRedeemedV1.shape }),
  example: rewardsRedeemedExample,
})

const tierChangeNotes = [
  CUSTOMER_ID_NOTE,
  MEMBER_RESOLVES,
  '`old_tier` and `new_tier` are required: the event is the tier change, and the tier metric reads `new_tier`.',
  BALANCE_OPTIONAL,
  '`expired_point_at` is optional.',
]

const tierUpgradedV1 = z.strictObject({
  member_id: memberId(),
  old_tier: label('Tier before the upgrade'),
  new_tier: label('Tier after the upgrade'),
  available_point: availablePoint.optional(),
  expired_point_at: expiredPointAt.optional(),
})

const tierUpgradedExample = {
  member_id: 'mbr_000981',
  old_tier: 'Silver',
  new_tier: 'Gold',
  available_point: 1240,
  expired_point_at: '2027-11-27T23:59:59+07:00',
} satisfies z.input<typeof tierUpgradedV1>

export const tierUpgraded = defineEvent({
  name: 'tier.upgraded',
  module: 'loyalty',
  description: 'The member reached a higher tier.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: tierChangeNotes,
  previousVersions: [{ version: '1-0-0', attributes: tierUpgradedV1, example: tierUpgradedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...tierUpgradedV1.shape }),
  example: tierUpgradedExample,
})

const tierDowngradedV1 = z.strictObject({
  member_id: memberId(),
  old_tier: label('Tier before the downgrade'),
  new_tier: label('Tier after the downgrade'),
  available_point: availablePoint.optional(),
  expired_point_at: expiredPointAt.optional(),
})

const tierDowngradedExample = {
  member_id: 'mbr_000981',
  old_tier: 'Gold',
  new_tier: 'Silver',
  available_point: 80,
} satisfies z.input<typeof tierDowngradedV1>

export const tierDowngraded = defineEvent({
  name: 'tier.downgraded',
  module: 'loyalty',
  description: 'The member dropped to a lower tier.',
  version: '1-0-1',
  changes: CUSTOMER_ID_ACCEPTED,
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: tierChangeNotes,
  previousVersions: [{ version: '1-0-0', attributes: tierDowngradedV1, example: tierDowngradedExample }],
  attributes: z.strictObject({ qontak_customer_id: customerIdAttribute, ...tierDowngradedV1.shape }),
  example: tierDowngradedExample,
})

export const loyaltyEvents = [
  membershipEnrolled,
  membershipUnenrolled,
  pointsEarned,
  pointsBurned,
  rewardsRedeemed,
  tierUpgraded,
  tierDowngraded,
] as const
