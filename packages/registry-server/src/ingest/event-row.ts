/**
 * Turns one validated event into the row the store writes: serialized once, in canonical form
 * (keys sorted), and that string is the stored body, the size check and the content hash — so the
 * same event re-sent with its keys in another order is a duplicate, not a conflict. `sent_at` is
 * kept apart because an SDK retry may restamp it without making the event different.
 */
import { hash } from 'node:crypto'
import type { ValidationError } from '@cebe/schemas'
import { factValues } from '../storage/event-facts.js'
import type { EventRow, Identifier } from '../storage/store.js'
import { canonicalJson } from './canonical-json.js'

// NUL and unpaired surrogates are valid JSON but not storable text (PostgreSQL rejects both).
// JSON.stringify escapes exactly these as \u0000 / \udXXX, so the serialized form is enough.
const UNSTORABLE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/

export type RowResult = { ok: true; row: EventRow } | { ok: false; errors: ValidationError[] }

export function toEventRow(
  event: Record<string, unknown>,
  identifiers: readonly Identifier[],
  maxEventBytes: number,
): RowResult {
  const body = canonicalJson(event, 'sent_at')
  const sentAt = event.sent_at
  // A UTF-16 unit is at most 3 UTF-8 bytes: most events are far below the limit without counting.
  const bytes = body.length * 3 <= maxEventBytes ? 0 : Buffer.byteLength(body)
  if (bytes > maxEventBytes) {
    return fail({
      path: '',
      code: 'too_big',
      message: `the event is ${bytes} bytes serialized; the limit is ${maxEventBytes}`,
    })
  }
  if (body.includes('\\u') && UNSTORABLE.test(body)) {
    return fail({
      path: '',
      code: 'invalid_value',
      message: 'the event contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored',
    })
  }
  return {
    ok: true,
    row: {
      companyId: event.company_id as string,
      eventId: event.event_id as string,
      eventName: event.event_name as string,
      sourceModule: event.source_module as string,
      schemaVersion: typeof event.schema_version === 'string' ? event.schema_version : null,
      customerId: typeof event.qontak_customer_id === 'string' ? event.qontak_customer_id : null,
      eventTs: Date.parse(event.event_timestamp as string),
      sentAt: typeof sentAt === 'string' ? Date.parse(sentAt) : null,
      contentHash: hash('sha256', body, 'base64url'),
      body,
      facts: factValues(event),
      identifiers,
    },
  }
}

function fail(error: ValidationError): RowResult {
  return { ok: false, errors: [error] }
}
