/**
 * Fast, realistic event bodies for the bench: catalog examples as string templates, a fresh
 * UUIDv7 and the current time per event, customers spread over 10,000 ids.
 */
import { getCatalog } from '@cebe/schemas'
import { uuidv7 } from 'uuidv7'

const NAMES = [
  'campaign.sent',
  'campaign.replied',
  'ticket.created',
  'message.received',
  'order.created',
  'deal.created',
]

const templates = NAMES.map((name) => {
  const example = structuredClone(getCatalog().find((e) => e.name === name)!.example) as Record<
    string,
    unknown
  >
  example.company_id = 'bench_co'
  example.event_id = '@@ID@@'
  example.event_timestamp = '@@TS@@'
  example.qontak_customer_id = '@@CUST@@'
  const [head, rest] = JSON.stringify(example).split('"@@ID@@"') as [string, string]
  const [mid, rest2] = rest.split('"@@CUST@@"') as [string, string]
  const [mid2, tail] = rest2.split('"@@TS@@"') as [string, string]
  // Key order of the example decides which placeholder comes first; keep the common layout.
  return { head, mid, mid2, tail, name }
})

export function eventJson(i: number, now = new Date().toISOString()): string {
  const t = templates[i % templates.length]!
  const customer = `cust_${(i * 7919) % 10_000}`
  return `${t.head}"${uuidv7()}"${t.mid}"${customer}"${t.mid2}"${now}"${t.tail}`
}

export function batchBody(size: number, offset: number): { body: string; created: number } {
  const created = Date.now()
  const now = new Date(created).toISOString()
  const parts: string[] = []
  for (let i = 0; i < size; i++) parts.push(eventJson(offset + i, now))
  return { body: `{"events":[${parts.join(',')}]}`, created }
}

/** Parsed events for the raw-insert baseline: exactly what the server would store. */
export function events(count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < count; i += 500)
    out.push(...(JSON.parse(batchBody(Math.min(500, count - i), i).body).events as []))
  return out
}
