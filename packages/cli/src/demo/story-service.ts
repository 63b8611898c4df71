/**
 * Communication and ticketing: a customer starts a chat; the bot answers it alone or escalates
 * to an agent, who resolves it and may get a CSAT score; some chats become tickets that are
 * assigned, worked, sometimes breach their SLA, and are resolved. A few customers call in, and
 * some answer an NPS survey.
 */
import { iso } from './demo-event-builder.js'
import { AGENTS, type DemoCustomer } from './demo-people.js'
import { DAY, HOUR, MINUTE, type StoryContext } from './story-context.js'

const QUESTIONS = [
  'Halo kak, pesanan saya belum sampai ya?',
  'Bisa ganti ukuran?',
  'Jam buka outlet Dago sampai jam berapa?',
  'Mau tanya promo bulan ini',
  'Poin saya kok belum masuk?',
]

export function conversationStory(ctx: StoryContext, c: DemoCustomer): void {
  const { build, random } = ctx
  const chats = random.int(0, 4)
  for (let n = 1; n <= chats; n++) {
    const start = c.since + random.between(HOUR, 170 * DAY)
    const room = `room_${c.id}_${n}`
    const customer = { actor: { type: 'customer' as const }, trigger: 'user' }
    const bot = { actor: { type: 'bot' as const }, trigger: 'automation' }
    if (
      !build.add(
        'conversation.started',
        start,
        c.id,
        { channel: 'whatsapp', room_id: room, phone: c.phone, bsuid: `ID.${c.phone.slice(3)}` },
        customer,
      )
    )
      continue
    build.add(
      'message.received',
      start + 10_000,
      c.id,
      {
        room_id: room,
        message_id: `msg_${c.id}_${n}`,
        message_type: 'text',
        content_preview: random.pick(QUESTIONS),
      },
      customer,
    )
    if (random.chance(0.35)) {
      build.add(
        'bot.contained',
        start + 3 * MINUTE,
        c.id,
        {
          room_id: room,
          bot_flow_id: random.pick(['flow_cek_resi', 'flow_jam_buka', 'flow_promo']),
          containment_flag: true,
        },
        bot,
      )
      continue
    }
    const agent = random.pick(AGENTS)
    build.add(
      'conversation.escalated',
      start + 2 * MINUTE,
      c.id,
      { room_id: room, escalation_reason: 'customer_requested_agent', bot_session_id: `bots_${c.id}_${n}` },
      bot,
    )
    build.add(
      'conversation.assigned',
      start + 3 * MINUTE,
      c.id,
      { room_id: room, agent_id: agent, assignment_type: 'human' },
      { actor: { type: 'system' }, trigger: 'system' },
    )
    if (random.chance(0.3)) ticketStory(ctx, c, agent, start + 10 * MINUTE)
    const seconds = random.int(300, 5_400)
    build.add(
      'conversation.resolved',
      start + 3 * MINUTE + seconds * 1000,
      c.id,
      { room_id: room, resolved_by: agent, resolution_time_seconds: seconds, handled_by: 'human' },
      { actor: { type: 'agent', id: agent }, trigger: 'agent' },
    )
    if (random.chance(0.5)) {
      build.add(
        'csat.submitted',
        start + 5 * MINUTE + seconds * 1000,
        c.id,
        {
          score: random.pick([3, 4, 4, 5, 5, 5]),
          comment: random.pick(['Cepat dan ramah', 'Terima kasih kak', 'Agak lama balasnya']),
          agent_id: agent,
          room_id: room,
        },
        customer,
      )
    }
  }
  if (random.chance(0.15)) callStory(ctx, c)
  if (random.chance(0.2)) {
    const at = c.since + random.between(20 * DAY, 170 * DAY)
    build.add(
      'nps.submitted',
      at,
      c.id,
      {
        score: random.int(5, 10),
        comment: 'Produk bagus, pengiriman kadang lama.',
        agent_id: random.pick(AGENTS),
        room_id: `room_nps_${c.id}`,
      },
      { actor: { type: 'customer' }, trigger: 'user' },
    )
  }
}

function callStory(ctx: StoryContext, c: DemoCustomer): void {
  const { build, random } = ctx
  const at = c.since + random.between(DAY, 150 * DAY)
  const room = `room_call_${c.id}`
  if (
    !build.add(
      'call.started',
      at,
      c.id,
      { channel: 'whatsapp_call', room_id: room, phone: c.phone },
      { actor: { type: 'customer' }, trigger: 'user' },
    )
  )
    return
  build.add(
    'call.assigned',
    at + 20_000,
    c.id,
    { room_id: room, agent_id: random.pick(AGENTS), assignment_type: 'human' },
    { actor: { type: 'system' }, trigger: 'system' },
  )
  const seconds = random.int(60, 900)
  build.add(
    'call.completed',
    at + 20_000 + seconds * 1000,
    c.id,
    {
      room_id: room,
      duration_seconds: seconds,
      call_type: 'inbound',
      recording_url: `https://recordings.example.co.id/calls/${room}.ogg`,
    },
    { actor: { type: 'system' }, trigger: 'system' },
  )
}

function ticketStory(ctx: StoryContext, c: DemoCustomer, agent: string, at: number): void {
  const { build, random } = ctx
  const ticket = `tkt_${c.id}_${Math.floor(at / 1000) % 100_000}`
  const byAgent = { actor: { type: 'agent' as const, id: agent }, trigger: 'agent' }
  build.add(
    'ticket.created',
    at,
    c.id,
    {
      ticket_id: ticket,
      pipeline_id: 'pl_cs_retail',
      stage_id: 'stg_open',
      assigned_id: agent,
      creator_id: agent,
      other_fields: {
        kategori: random.pick(['pengiriman', 'retur', 'poin']),
        prioritas: random.pick(['rendah', 'sedang', 'tinggi']),
      },
      customer_association: [c.id],
    },
    byAgent,
  )
  build.add(
    'ticket.assigned',
    at + MINUTE,
    c.id,
    { ticket_id: ticket, agent_id: agent, team_id: 'team_cs_jakarta', assigned_at: iso(at + MINUTE) },
    byAgent,
  )
  const working = at + random.between(10 * MINUTE, 4 * HOUR)
  if (random.chance(0.15)) {
    build.add(
      'ticket.sla_breached',
      at + HOUR,
      c.id,
      { ticket_id: ticket, sla_type: 'first_response', breach_duration_seconds: random.int(300, 7_200) },
      { actor: { type: 'system' }, trigger: 'system' },
    )
  }
  build.add(
    'ticket.stage_changed',
    working,
    c.id,
    {
      ticket_id: ticket,
      old_stage: 'stg_open',
      new_stage: 'stg_in_progress',
      changed_by: agent,
      timestamp: iso(working),
    },
    byAgent,
  )
  if (random.chance(0.9)) {
    const resolved = working + random.between(HOUR, 3 * DAY)
    build.add(
      'ticket.resolved',
      resolved,
      c.id,
      {
        ticket_id: ticket,
        resolved_at: iso(resolved),
        resolution_type: random.pick(['first_contact', 'escalated']),
        agent_id: agent,
      },
      byAgent,
    )
  }
}
