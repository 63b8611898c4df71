/** Communication module (PRD §6.1): chat and call, 11 events. */
import { z } from 'zod'
import {
  bsuid,
  email,
  entityId,
  freeText,
  httpUrl,
  label,
  personal,
  phone,
  seconds,
} from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const roomId = entityId('Conversation room id; one room per chat or call')
const channel = label('Channel the customer came in on, e.g. whatsapp, instagram, livechat, whatsapp_call')
const agentId = entityId('Id of the human agent or bot')
/** The change note of the 1-0-1 versions that stopped requiring `room_id` (ADR 0005). */
const ROOM_ID_OPTIONAL =
  '`room_id` is optional: the PRD row does not list it (an ADDITION: every 1-0-0 event still validates).'

const humanOrBot = (description: string) => z.enum(['human', 'bot']).meta({ description })

// ── Conversation and call lifecycle ──────────────────────────────────────────

export const conversationStarted = defineEvent({
  name: 'conversation.started',
  module: 'communication',
  description: 'The customer initiated an inbound chat.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [
    '`phone`, `email` and `bsuid` are optional and `qontak_customer_id` may be absent when one of them is present: a first-time chatter is often unknown until the resolver links them.',
  ],
  attributes: z.strictObject({
    channel,
    room_id: roomId,
    phone: phone().optional(),
    email: email().optional(),
    bsuid: bsuid().optional(),
  }),
  example: {
    channel: 'whatsapp',
    room_id: 'room_5521',
    phone: '+6281234567890',
    bsuid: 'ID.1234567890123456',
  },
})

export const callStarted = defineEvent({
  name: 'call.started',
  module: 'communication',
  description: 'The customer initiated an inbound call.',
  version: '1-0-0',
  customer: 'or-identifier',
  notes: [
    '`phone`, `email` and `bsuid` are optional and `qontak_customer_id` may be absent when one of them is present: a caller is often unknown until the resolver links them.',
    "`room_id` is the call's room; the later `call.*` events carry it to link the call's lifecycle.",
  ],
  attributes: z.strictObject({
    channel,
    room_id: roomId,
    phone: phone().optional(),
    email: email().optional(),
    bsuid: bsuid().optional(),
  }),
  example: {
    channel: 'whatsapp_call',
    room_id: 'room_call_9087',
    phone: '+6285712345678',
  },
})

const conversationAssignedV1 = z.strictObject({
  room_id: roomId,
  agent_id: agentId,
  assignment_type: humanOrBot('Whether the chat went to a human agent or a bot'),
})

const conversationAssignedExample = {
  room_id: 'room_5521',
  agent_id: 'agent_17',
  assignment_type: 'human',
} satisfies z.input<typeof conversationAssignedV1>

export const conversationAssigned = defineEvent({
  name: 'conversation.assigned',
  module: 'communication',
  description: 'A chat was assigned to a human agent or a bot.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  notes: [
    'Added optional `room_id` to link the assignment to its conversation when the module knows it; optional because the PRD row does not list it.',
  ],
  previousVersions: [
    { version: '1-0-0', attributes: conversationAssignedV1, example: conversationAssignedExample },
  ],
  attributes: conversationAssignedV1.partial({ room_id: true }),
  example: conversationAssignedExample,
})

const callAssignedV1 = z.strictObject({
  room_id: roomId,
  agent_id: agentId,
  assignment_type: humanOrBot('Whether the call went to a human agent or a voice bot'),
})

const callAssignedExample = {
  room_id: 'room_call_9087',
  agent_id: 'agent_17',
  assignment_type: 'human',
} satisfies z.input<typeof callAssignedV1>

export const callAssigned = defineEvent({
  name: 'call.assigned',
  module: 'communication',
  description: 'A call was assigned to a human agent.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  notes: [
    'Added optional `room_id` to link the assignment to its call when the module knows it; optional because the PRD row does not list it.',
    '`assignment_type` keeps both values the PRD lists (`human`/`bot`) although the trigger names only human agents, so a voice bot can be recorded later without a breaking change.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: callAssignedV1, example: callAssignedExample }],
  attributes: callAssignedV1.partial({ room_id: true }),
  example: callAssignedExample,
})

const messageReceivedV1 = z.strictObject({
  room_id: roomId,
  message_id: entityId('Message id in the Communication module'),
  message_type: label('Kind of message, e.g. text, image, audio, document, location'),
  content_preview: freeText('First characters of the message', 280).optional(),
})

const messageReceivedExample = {
  room_id: 'room_5521',
  message_id: 'msg_0f3a91',
  message_type: 'text',
  content_preview: 'Halo kak, pesanan saya INV-2026-1188 belum sampai ya?',
} satisfies z.input<typeof messageReceivedV1>

export const messageReceived = defineEvent({
  name: 'message.received',
  module: 'communication',
  description: 'The customer sent a message.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  notes: [
    'Added optional `room_id` to link the message to its conversation when the module knows it; optional because the PRD row does not list it.',
    '`content_preview` is optional: media messages have no text, and a module may choose not to send message content.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: messageReceivedV1, example: messageReceivedExample }],
  attributes: messageReceivedV1.partial({ room_id: true }),
  example: messageReceivedExample,
})

const conversationResolvedV1 = z.strictObject({
  room_id: roomId,
  resolved_by: entityId('Id of the agent or bot that resolved the chat'),
  resolution_time_seconds: seconds('Time from the start of the conversation to its resolution'),
  handled_by: humanOrBot('Whether a human agent or a bot handled the chat'),
})

const conversationResolvedExample = {
  room_id: 'room_5521',
  resolved_by: 'agent_17',
  resolution_time_seconds: 1260,
  handled_by: 'human',
} satisfies z.input<typeof conversationResolvedV1>

export const conversationResolved = defineEvent({
  name: 'conversation.resolved',
  module: 'communication',
  description: 'A chat was marked resolved.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    'Added optional `room_id` to link the resolution to its conversation when the module knows it; optional because the PRD row does not list it.',
  ],
  previousVersions: [
    { version: '1-0-0', attributes: conversationResolvedV1, example: conversationResolvedExample },
  ],
  attributes: conversationResolvedV1.partial({ room_id: true }),
  example: conversationResolvedExample,
})

const conversationEscalatedV1 = z.strictObject({
  room_id: roomId,
  escalation_reason: personal(
    label('Why the bot handed over, e.g. customer_requested_agent, intent_not_understood'),
    'free_text',
  ),
  bot_session_id: entityId('Bot session that escalated'),
})

const conversationEscalatedExample = {
  room_id: 'room_5521',
  escalation_reason: 'customer_requested_agent',
  bot_session_id: 'bots_4410',
} satisfies z.input<typeof conversationEscalatedV1>

export const conversationEscalated = defineEvent({
  name: 'conversation.escalated',
  module: 'communication',
  description: 'A bot escalated the conversation to a human.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'bot' },
  exampleTriggerFrom: 'automation',
  notes: [
    'Added optional `room_id` to link the escalation to its conversation when the module knows it; optional because the PRD row does not list it.',
  ],
  previousVersions: [
    { version: '1-0-0', attributes: conversationEscalatedV1, example: conversationEscalatedExample },
  ],
  attributes: conversationEscalatedV1.partial({ room_id: true }),
  example: conversationEscalatedExample,
})

const botContainedV1 = z.strictObject({
  room_id: roomId,
  bot_flow_id: entityId('Bot flow that resolved the conversation'),
  // Always true: the event itself is the signal; the field is kept because the PRD names it.
  containment_flag: z.literal(true).meta({ description: 'Always true' }),
})

const botContainedExample = {
  room_id: 'room_6034',
  bot_flow_id: 'flow_cek_resi',
  containment_flag: true,
} satisfies z.input<typeof botContainedV1>

export const botContained = defineEvent({
  name: 'bot.contained',
  module: 'communication',
  description: 'A bot fully resolved the conversation without a human.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'bot' },
  exampleTriggerFrom: 'automation',
  notes: [
    'Added optional `room_id` to link the containment to its conversation when the module knows it; optional because the PRD row does not list it.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: botContainedV1, example: botContainedExample }],
  attributes: botContainedV1.partial({ room_id: true }),
  example: botContainedExample,
})

const callCompletedV1 = z.strictObject({
  room_id: roomId,
  duration_seconds: seconds('Talk time of the call'),
  call_type: z.enum(['inbound', 'outbound']).meta({ description: 'Direction of the call' }),
  recording_url: personal(httpUrl('Where the call recording is stored'), 'url').optional(),
})

const callCompletedExample = {
  room_id: 'room_call_9087',
  duration_seconds: 312,
  call_type: 'inbound',
  recording_url: 'https://recordings.example.co.id/calls/room_call_9087.ogg',
} satisfies z.input<typeof callCompletedV1>

export const callCompleted = defineEvent({
  name: 'call.completed',
  module: 'communication',
  description: 'A call ended.',
  version: '1-0-1',
  changes: ROOM_ID_OPTIONAL,
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    'Added optional `room_id` to link the end of the call to its start when the module knows it; optional because the PRD row does not list it.',
    '`recording_url` is optional: not every call is recorded.',
  ],
  previousVersions: [{ version: '1-0-0', attributes: callCompletedV1, example: callCompletedExample }],
  attributes: callCompletedV1.partial({ room_id: true }),
  example: callCompletedExample,
})

// ── Feedback ─────────────────────────────────────────────────────────────────

export const csatSubmitted = defineEvent({
  name: 'csat.submitted',
  module: 'communication',
  description: 'The customer submitted a CSAT rating (a whole score from 1 to 5).',
  version: '1-0-0',
  notes: [
    '`score` is an integer 1–5.',
    '`agent_id` is optional: a conversation handled only by a bot has no agent to rate.',
    'Added optional `room_id` to link the rating to the rated conversation when there is one.',
  ],
  attributes: z.strictObject({
    score: z.number().int().min(1).max(5).meta({ description: 'CSAT score, integer 1–5' }),
    comment: freeText('Comment the customer left with the rating').optional(),
    agent_id: entityId('Agent the rating is about').optional(),
    room_id: roomId.optional(),
  }),
  example: {
    score: 5,
    comment: 'Pelayanannya cepat dan ramah, terima kasih!',
    agent_id: 'agent_17',
    room_id: 'room_5521',
  },
})

export const npsSubmitted = defineEvent({
  name: 'nps.submitted',
  module: 'communication',
  description: 'The customer submitted an NPS rating (a whole score from 0 to 10).',
  version: '1-0-0',
  notes: [
    '`score` is an integer 0–10.',
    '`agent_id` is optional: NPS rates the company, and a survey sent outside a conversation has no agent.',
    'Added optional `room_id` to link the rating to a conversation when the survey was sent in one.',
  ],
  attributes: z.strictObject({
    score: z.number().int().min(0).max(10).meta({ description: 'NPS score, integer 0–10' }),
    comment: freeText('Comment the customer left with the rating').optional(),
    agent_id: entityId('Agent who handled the conversation the survey was sent in').optional(),
    room_id: roomId.optional(),
  }),
  example: {
    score: 9,
    comment: 'Produk bagus, pengiriman ke Surabaya agak lama.',
    agent_id: 'agent_17',
    room_id: 'room_5521',
  },
})

export const communicationEvents = [
  conversationStarted,
  callStarted,
  conversationAssigned,
  callAssigned,
  messageReceived,
  conversationResolved,
  conversationEscalated,
  botContained,
  callCompleted,
  csatSubmitted,
  npsSubmitted,
] as const
