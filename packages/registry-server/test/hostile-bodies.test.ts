/**
 * Property: whatever a client sends to POST /v1/events — broken JSON, random bytes, lying
 * headers, valid envelopes with hostile values — the answer is 200 or a 4xx JSON error, never a
 * 5xx, and the process keeps serving.
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent } from './support/events.js'
import { request, startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', 'x'.repeat(40_000), '9999-99-99T99:99:99Z', '__proto__', -0, 1e308),
)

const FIELDS = [
  'event_id',
  'event_name',
  'schema_version',
  'company_id',
  'qontak_customer_id',
  'actor',
  'event_timestamp',
  'source_module',
  'trigger_from',
  'event_description',
  'event_attributes',
  'sent_at',
  '__proto__',
  'constructor',
]

const mutatedEvent = fc
  .tuple(
    fc.constantFrom('campaign.sent', 'customer.created', 'ad.lead_captured', 'order.paid'),
    fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 3 }),
    fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 3 }),
  )
  .map(([name, envelope, attributes]) => {
    const event = makeEvent(name, { company: 'co_h' }) as Record<string, unknown>
    Object.assign(event.event_attributes as object, attributes)
    return JSON.stringify({ ...event, ...envelope })
  })

const body = fc.oneof(
  fc
    .array(fc.oneof(mutatedEvent, fc.json()), { maxLength: 6 })
    .map((events) => `{"events":[${events.join(',')}]}`),
  fc.json(),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    '{"events":',
    '{"events":[{}]}',
    '{"events":null}',
    '[]',
    'null',
    '{"events":[1,[],"x",null,true]}',
    '',
  ),
)

const headers = fc.record({
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/octet-stream',
  ),
  encoding: fc.constantFrom<string | undefined>(undefined, 'gzip', 'gzip-lie', 'br', 'identity'),
})

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`hostile bodies: ${flavour.name}`, () => {
    let server: TestServer
    let key: string
    beforeAll(async () => {
      server = await startTestServer(flavour)
      key = await server.writeKey('co_h')
    })
    afterAll(async () => server?.close())

    it('never answer 5xx and never take the server down', async () => {
      await fc.assert(
        fc.asyncProperty(body, headers, async (payload, h) => {
          let data: string | Buffer = payload
          const extra: Record<string, string> = { 'content-type': h.contentType }
          if (h.encoding === 'gzip') {
            data = gzipSync(payload)
            extra['content-encoding'] = 'gzip'
          } else if (h.encoding === 'gzip-lie') extra['content-encoding'] = 'gzip'
          else if (h.encoding) extra['content-encoding'] = h.encoding
          const res = await request(server.url, 'POST', '/v1/events', data, { key, headers: extra })
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String))
          else expect(res.body.results).toEqual(expect.any(Array))
        }),
        { numRuns: 150 },
      )
      expect((await server.get('/healthz')).status).toBe(200)
    })
  })
}
