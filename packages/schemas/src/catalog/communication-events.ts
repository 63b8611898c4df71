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

export const conversationAssigned = defineEvent({
  name: 'conversation.assigned',
  module: 'communication',
  description: 'A chat was assigned to a human agent or a bot.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  notes: ['Added required `room_id` to link the assignment to its conversation.'],
  attributes: z.strictObject({
    room_id: roomId,
    agent_id: agentId,
    assignment_type: humanOrBot('Whether the chat went to a human agent or a bot'),
  }),
  example: {
    room_id: 'room_5521',
    agent_id: 'agent_17',
    assignment_type: 'human',
  },
})

export const callAssigned = defineEvent({
  name: 'call.assigned',
  module: 'communication',
  description: 'A call was assigned to a human agent.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'automation',
  notes: [
    'Added required `room_id` to link the assignment to its call.',
    '`assignment_type` keeps both values the PRD lists (`human`/`bot`) although the trigger names only human agents, so a voice bot can be recorded later without a breaking change.',
  ],
  attributes: z.strictObject({
    room_id: roomId,
    agent_id: agentId,
    assignment_type: humanOrBot('Whether the call went to a human agent or a voice bot'),
  }),
  example: {
    room_id: 'room_call_9087',
    agent_id: 'agent_17',
    assignment_type: 'human',
  },
})

export const messageReceived = defineEvent({
  name: 'message.received',
  module: 'communication',
  description: 'The customer sent a message.',
  version: '1-0-0',
  notes: [
    'Added required `room_id` to link the message to its conversation.',
    '`content_preview` is optional: media messages have no text, and a module may choose not to send message content.',
  ],
  attributes: z.strictObject({
    room_id: roomId,
    message_id: entityId('Message id in the Communication module'),
    message_type: label('Kind of message, e.g. text, image, audio, document, location'),
    content_preview: freeText('First characters of the message', 280).optional(),
  }),
  example: {
    room_id: 'room_5521',
    message_id: 'msg_0f3a91',
    message_type: 'text',
    content_preview: 'Halo kak, pesanan saya INV-2026-1188 belum sampai ya?',
  },
})

export const conversationResolved = defineEvent({
  name: 'conversation.resolved',
  module: 'communication',
  description: 'A chat was marked resolved.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: ['Added required `room_id` to link the resolution to its conversation.'],
  attributes: z.strictObject({
    room_id: roomId,
    resolved_by: entityId('Id of the agent or bot that resolved the chat'),
    resolution_time_seconds: seconds('Time from the start of the conversation to its resolution'),
    handled_by: humanOrBot('Whether a human agent or a bot handled the chat'),
  }),
  example: {
    room_id: 'room_5521',
    resolved_by: 'agent_17',
    resolution_time_seconds: 1260,
    handled_by: 'human',
  },
})

export const conversationEscalated = defineEvent({
  name: 'conversation.escalated',
  module: 'communication',
  description: 'A bot escalated the conversation to a human.',
  version: '1-0-0',
  exampleActor: { type: 'bot' },
  exampleTriggerFrom: 'automation',
  notes: ['Added required `room_id` to link the escalation to its conversation.'],
  attributes: z.strictObject({
    room_id: roomId,
    escalation_reason: personal(
      label('Why the bot handed over, e.g. customer_requested_agent, intent_not_understood'),
      'free_text',
    ),
    bot_session_id: entityId('Bot session that escalated'),
  }),
  example: {
    room_id: 'room_5521',
    escalation_reason: 'customer_requested_agent',
    bot_session_id: 'bots_4410',
  },
})

export const botContained = defineEvent({
  name: 'bot.contained',
  module: 'communication',
  description: 'A bot fully resolved the conversation without a human.',
  version: '1-0-0',
  exampleActor: { type: 'bot' },
  exampleTriggerFrom: 'automation',
  notes: ['Added required `room_id` to link the containment to its conversation.'],
  attributes: z.strictObject({
    room_id: roomId,
    bot_flow_id: entityId('Bot flow that resolved the conversation'),
    // Always true: the event itself is the signal; the field is kept because the PRD names it.
    containment_flag: z.literal(true).meta({ description: 'Always true' }),
  }),
  example: {
    room_id: 'room_6034',
    bot_flow_id: 'flow_cek_resi',
    containment_flag: true,
  },
})

export const callCompleted = defineEvent({
  name: 'call.completed',
  module: 'communication',
  description: 'A call ended.',
  version: '1-0-0',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    'Added required `room_id` to link the end of the call to its start.',
    '`recording_url` is optional: not every call is recorded.',
  ],
  attributes: z.strictObject({
    room_id: roomId,
    duration_seconds: seconds('Talk time of the call'),
    call_type: z.enum(['inbound', 'outbound']).meta({ description: 'Direction of the call' }),
    recording_url: personal(httpUrl('Where the call recording is stored'), 'url').optional(),
  }),
  example: {
    room_id: 'room_call_9087',
    duration_seconds: 312,
    call_type: 'inbound',
    recording_url: 'https://recordings.example.co.id/calls/room_call_9087.ogg',
  },
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
