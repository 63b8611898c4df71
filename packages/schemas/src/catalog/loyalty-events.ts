/**
 * Loyalty module (PRD §6.7): membership, points and tiers. Every event names its member through
 * `member_id`, an identifier the resolver indexes, so `qontak_customer_id` may be left to it.
 */
import { z } from 'zod'
import { count, entityId, label, memberId, timestamp } from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const IN_ENVELOPE =
  '`qontak_customer_id` travels in the envelope (required there), not repeated in event_attributes.'
const MEMBER_RESOLVES =
  'Customer rule `or-identifier`: the resolver can find the customer through the required `member_id`.'
const BALANCE_REQUIRED =
  '`available_point` is required: the event changes or sets the balance the points metric reads.'
const BALANCE_OPTIONAL =
  '`available_point` is optional: a tier change does not move the balance; the points metric uses the latest event that carries it.'

const programId = entityId('Loyalty program id')
const availablePoint = count("Member's spendable point balance after this event")
const expiredPointAt = timestamp('When the next batch of the available points expires')

export const membershipEnrolled = defineEvent({
  name: 'membership.enrolled',
  module: 'loyalty',
  description: 'The customer joined a loyalty program.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [
    IN_ENVELOPE,
    MEMBER_RESOLVES,
    '`program_id` and `initial_tier` are required: enrolment by program and tier distribution read them.',
    BALANCE_REQUIRED,
    '`enrolled_at` is optional: it defaults to the envelope `event_timestamp`.',
  ],
  attributes: z.strictObject({
    member_id: memberId(),
    program_id: programId,
    enrolled_at: timestamp('When the customer enrolled').optional(),
    initial_tier: label('Tier the member starts in'),
    available_point: availablePoint,
  }),
  example: {
    member_id: 'mbr_000981',
    program_id: 'prg_sahabat_kopi',
    enrolled_at: '2026-11-02T10:00:00+07:00',
    initial_tier: 'Silver',
    available_point: 100,
  },
})

export const membershipUnenrolled = defineEvent({
  name: 'membership.unenrolled',
  module: 'loyalty',
  description: 'The customer unenrolled from a loyalty program.',
  version: '1-0-0',
  customer: 'or-identifier',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    IN_ENVELOPE,
    MEMBER_RESOLVES,
    '`program_id` is required: membership is tracked per program.',
    '`last_tier` is required, like `initial_tier`: every member is in a tier.',
    BALANCE_REQUIRED,
    '`unenrolled_at` is optional: it defaults to the envelope `event_timestamp`.',
  ],
  attributes: z.strictObject({
    member_id: memberId(),
    program_id: programId,
    unenrolled_at: timestamp('When the customer left the program').optional(),
    last_tier: label('Tier the member was in when leaving'),
    available_point: availablePoint,
  }),
  example: {
    member_id: 'mbr_000981',
    program_id: 'prg_sahabat_kopi',
    unenrolled_at: '2026-11-29T16:45:00+07:00',
    last_tier: 'Gold',
    available_point: 0,
  },
})

export const pointsEarned = defineEvent({
  name: 'points.earned',
  module: 'loyalty',
  description: 'Points were credited to the member.',
  version: '1-0-0',
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    IN_ENVELOPE,
    MEMBER_RESOLVES,
    '`transaction_ref` is optional: points can be credited without a transaction (a bonus, a manual adjustment).',
    BALANCE_REQUIRED,
    '`earned_at` and `expired_point_at` are optional.',
  ],
  attributes: z.strictObject({
    member_id: memberId(),
    points_amount: count('Points credited'),
    transaction_ref: entityId(
      'Reference of the transaction that earned the points, e.g. an order id',
    ).optional(),
    earned_at: timestamp('When the points were credited').optional(),
    available_point: availablePoint,
    expired_point_at: expiredPointAt.optional(),
  }),
  example: {
    member_id: 'mbr_000981',
    points_amount: 57,
    transaction_ref: 'ord_2026_11_10087',
    earned_at: '2026-11-27T19:51:00+07:00',
    available_point: 1240,
    expired_point_at: '2027-11-27T23:59:59+07:00',
  },
})

export const pointsBurned = defineEvent({
  name: 'points.burned',
  module: 'loyalty',
  description: 'Points were burned for a reward or deducted.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [
    IN_ENVELOPE,
    MEMBER_RESOLVES,
    BALANCE_REQUIRED,
    '`redeemed_at` and `expired_point_at` are optional.',
  ],
  attributes: z.strictObject({
    member_id: memberId(),
    points_used: count('Points burned or deducted'),
    redeemed_at: timestamp('When the points were burned').optional(),
    available_point: availablePoint,
    expired_point_at: expiredPointAt.optional(),
  }),
  example: {
    member_id: 'mbr_000981',
    points_used: 500,
    redeemed_at: '2026-11-28T12:05:00+07:00',
    available_point: 740,
    expired_point_at: '2027-11-27T23:59:59+07:00',
  },
})

export const rewardsRedeemed = defineEvent({
  name: 'rewards.redeemed',
  module: 'loyalty',
  description: 'The member redeemed a reward.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [IN_ENVELOPE, MEMBER_RESOLVES, BALANCE_REQUIRED, '`expired_point_at` is optional.'],
  attributes: z.strictObject({
    member_id: memberId(),
    reward_used_id: entityId('Id of the redeemed reward'),
    reward_name: label('Reward name at the time of redemption'),
    available_point: availablePoint,
    expired_point_at: expiredPointAt.optional(),
  }),
  example: {
    member_id: 'mbr_000981',
    reward_used_id: 'rwd_free_es_kopi_susu',
    reward_name: 'Gratis Es Kopi Susu',
    available_point: 740,
    expired_point_at: '2027-11-27T23:59:59+07:00',
  },
})

const tierChangeNotes = [
  IN_ENVELOPE,
  MEMBER_RESOLVES,
  '`old_tier` and `new_tier` are required: the event is the tier change, and the tier metric reads `new_tier`.',
  BALANCE_OPTIONAL,
  '`expired_point_at` is optional.',
]

export const tierUpgraded = defineEvent({
  name: 'tier.upgraded',
  module: 'loyalty',
  description: 'The member reached a higher tier.',
  version: '1-0-0',
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: tierChangeNotes,
  attributes: z.strictObject({
    member_id: memberId(),
    old_tier: label('Tier before the upgrade'),
    new_tier: label('Tier after the upgrade'),
    available_point: availablePoint.optional(),
    expired_point_at: expiredPointAt.optional(),
  }),
  example: {
    member_id: 'mbr_000981',
    old_tier: 'Silver',
    new_tier: 'Gold',
    available_point: 1240,
    expired_point_at: '2027-11-27T23:59:59+07:00',
  },
})

export const tierDowngraded = defineEvent({
  name: 'tier.downgraded',
  module: 'loyalty',
  description: 'The member dropped to a lower tier.',
  version: '1-0-0',
  customer: 'or-identifier',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: tierChangeNotes,
  attributes: z.strictObject({
    member_id: memberId(),
    old_tier: label('Tier before the downgrade'),
    new_tier: label('Tier after the downgrade'),
    available_point: availablePoint.optional(),
    expired_point_at: expiredPointAt.optional(),
  }),
  example: {
    member_id: 'mbr_000981',
    old_tier: 'Gold',
    new_tier: 'Silver',
    available_point: 80,
  },
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
