/**
 * Property: whatever a client sends to POST /v1/events — broken JSON, random bytes, lying
 * headers, valid envelopes with hostile values — the answer is 200 or a 4xx JSON error, never a
 * 5xx, and the process keeps serving. Then the attacks of a tenant (or of no key at all) one by
 * one: each must cost the server little and answer in the contract's shape.
 */
import { connect } from 'node:net'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/index.js'
import { makeEvent } from './support/events.js'
import { createKey, request, startTestServer, type TestServer } from './support/test-server.js'
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

    const send = (events: unknown[], init: { key?: string; gzip?: boolean } = {}) =>
      server.post('/v1/events', { events }, { key, ...init })

    it('answers what the HTTP parser refuses in the API error shape: oversized headers, a broken request line', async () => {
      const longQuery = await request(server.url, 'GET', `/v1/customers?q=${'a'.repeat(20_000)}`, undefined, {
        key,
      })
      expect(longQuery.status).toBe(431)
      expect(longQuery.body).toEqual({
        error: { code: 'headers_too_large', message: expect.stringMatching(/16 KiB.*query string/) },
      })
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(server.url).port), '127.0.0.1')
        let text = ''
        socket.on('data', (chunk) => {
          text += chunk
        })
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
        socket.write('GET /v1/customers HTTP/1.1\r\nHost x\r\n\r\n')
      })
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
        error: { code: 'bad_request' },
      })
      expect((await server.get('/healthz')).status).toBe(200)
    })

    it('bounds event_name before the did-you-mean search: a 900 KB name is refused at once', async () => {
      const event = {
        ...makeEvent('campaign.sent', { company: 'co_h' }),
        event_name: `a${'b'.repeat(900_000)}`,
      }
      const [res, health] = await Promise.all([send([event], { gzip: true }), server.get('/healthz')])
      expect(res.status).toBe(200)
      // too_big, not unknown_event with a suggestion: the name never reached the edit-distance search.
      expect(res.body.rejected[0].errors).toEqual([expect.objectContaining({ code: 'too_big' })])
      expect(health.status).toBe(200)
      const long = {
        ...makeEvent('campaign.sent', { company: 'co_h' }),
        event_name: `a${'b'.repeat(20_000)}`,
      }
      const named = await send([long])
      expect(named.body.rejected[0].errors[0]).toMatchObject({ path: '/event_name', code: 'too_big' })
      expect(named.body.rejected[0].errors[0].message).toContain('at most 128 characters')
    })

    it('refuses an event with 80,000 unknown attributes as too big, with a small answer', async () => {
      const event = makeEvent('campaign.sent', { company: 'co_h' })
      for (let i = 0; i < 80_000; i++) event.event_attributes[`x${i}`] = 0
      const res = await send([event], { gzip: true })
      expect(res.status).toBe(200)
      // One size error for the whole event, not 80,000 unknown-attribute errors: checked before the schema.
      expect(res.body.rejected[0].errors).toEqual([expect.objectContaining({ path: '', code: 'too_big' })])
      expect(JSON.stringify(res.body).length).toBeLessThan(4_096)
    })

    it('caps errors at 20 per event and 200 per answer, and says that they were cut', async () => {
      const events = Array.from({ length: 100 }, () => {
        const event = makeEvent('campaign.sent', { company: 'co_h' })
        for (let i = 0; i < 400; i++) event.event_attributes[`x${i}`] = 0
        return event
      })
      const res = await send(events, { gzip: true })
      expect(res.status).toBe(200)
      expect(res.body.errors_truncated).toBe(true)
      expect(res.body.results.every((r: string) => r === 'rejected')).toBe(true)
      const lists = res.body.rejected.map((r: { errors: { code: string }[] }) => r.errors)
      expect(lists[0]).toHaveLength(21)
      expect(lists[0][20].code).toBe('too_many_errors')
      const listed = lists.flat().filter((e: { code: string }) => e.code !== 'too_many_errors')
      expect(listed).toHaveLength(200)
      expect(lists.at(-1)).toEqual([expect.objectContaining({ code: 'too_many_errors' })])
      expect(JSON.stringify(res.body).length).toBeLessThan(200_000)
    })

    it('refuses nesting deeper than 32 levels before serializing or hashing it', async () => {
      const event = makeEvent('customer.updated', { company: 'co_h' })
      event.event_attributes.custom_fields = 'DEEP'
      // Built as text: JSON.stringify itself runs out of stack on nesting this deep.
      const body = JSON.stringify({ events: [event] }).replace(
        '"DEEP"',
        `${'['.repeat(5_000)}1${']'.repeat(5_000)}`,
      )
      const res = await server.post('/v1/events', body, { key, gzip: true })
      expect(res.status).toBe(200)
      expect(res.body.rejected[0].errors[0].message).toContain('32 levels')
    })

    it('checks the key before reading the body: no key or a bad key is 401, even for broken gzip', async () => {
      const nested = gzipSync('['.repeat(1_000_000))
      expect(nested.length).toBeLessThan(2_048)
      for (const auth of [undefined, 'cebe_w_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'garbage']) {
        for (const data of ['not gzip at all', nested]) {
          const res = await request(server.url, 'POST', '/v1/events', data, {
            ...(auth && { key: auth }),
            headers: { 'content-encoding': 'gzip' },
          })
          expect(res.status).toBe(401)
          expect(res.body.error.code).toBe('unauthorized')
        }
      }
      const read = await server.readKey('co_h', 'analyst')
      const wrongType = await request(server.url, 'POST', '/v1/events', 'not gzip', {
        key: read,
        headers: { 'content-encoding': 'gzip' },
      })
      expect(wrongType.status).toBe(403)
    })

    it('calls an event re-sent with its keys in another order a duplicate, not a conflict', async () => {
      const event = makeEvent('campaign.sent', { company: 'co_h' })
      expect((await send([event])).body.results).toEqual(['accepted'])
      const reversed = Object.fromEntries(Object.entries(event).reverse()) as typeof event
      reversed.event_attributes = Object.fromEntries(Object.entries(event.event_attributes).reverse())
      expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(event))
      const again = await send([reversed])
      expect(again.body).toMatchObject({ duplicates: 1, conflicts: [], results: ['duplicate'] })
    })

    it("rejects a company_sso_id that is not the key's company's", async () => {
      const company = `co_sso_${flavour.name}`
      const writer = await server.writeKey(company)
      const first = makeEvent('campaign.sent', { company })
      first.company_sso_id = 'sso_real'
      const ok = await server.post('/v1/events', { events: [first] }, { key: writer })
      expect(ok.body.results).toEqual(['accepted'])
      const forged = makeEvent('campaign.sent', { company })
      forged.company_sso_id = 'sso_someone_else'
      const res = await server.post(
        '/v1/events',
        { events: [forged, { ...first, event_id: `${first.event_id}x` }] },
        { key: writer },
      )
      expect(res.body.results).toEqual(['rejected', 'accepted'])
      expect(res.body.rejected[0].errors[0].path).toBe('/company_sso_id')
      expect(res.body.rejected[0].errors[0].message).toContain('sso_real')
    })

    it('names 1e309 as a number too large, not "expected number, got number"', async () => {
      const event = makeEvent('campaign.replied', { company: 'co_h' })
      event.event_attributes.campaign_cost = 0
      const body = JSON.stringify({ events: [event] }).replace('"campaign_cost":0', '"campaign_cost":1e309')
      const res = await server.post('/v1/events', body, { key })
      expect(res.body.results).toEqual(['rejected'])
      expect(res.body.rejected[0].errors[0].message).toContain('too large for a 64-bit float')
    })

    it('rejects bytes that are not UTF-8 with 400 instead of replacing them', async () => {
      const event = makeEvent('campaign.sent', { company: 'co_h' })
      const text = JSON.stringify({ events: [event] })
      const at = text.indexOf('"campaign_id":"') + 15
      const body = Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.slice(at)),
      ])
      for (const gzip of [false, true]) {
        const res = await server.post('/v1/events', body, { key, gzip })
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('invalid_json')
        expect(res.body.error.message).toContain(`UTF-8 (byte offset ${at})`)
      }
      expect(await server.store.getEvent('co_h', event.event_id)).toBeUndefined()
    })
  })
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`client disconnects: ${flavour.name}`, () => {
    it('are counted and logged at debug level, not answered or logged as a store outage', async () => {
      const database = await flavour.create()
      const store = await database.open()
      const lines: { level: number; msg: string }[] = []
      const app = await buildApp({
        store,
        config: { keyCacheTtlMs: 0 },
        logger: { level: 'debug', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
      })
      await app.listen({ host: '127.0.0.1', port: 0 })
      const port = (app.server.address() as { port: number }).port
      try {
        const key = await createKey(store, 'co_h', 'write')
        for (let i = 0; i < 3; i++) {
          const socket = connect(port, '127.0.0.1')
          await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
          socket.write(
            'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
              `Authorization: Bearer ${key}\r\nContent-Length: 100000\r\n\r\n{"events":[`,
          )
          await new Promise((r) => setTimeout(r, 50))
          socket.destroy()
        }
        const metrics = async () =>
          (await request(`http://127.0.0.1:${port}`, 'GET', '/metrics', undefined)).body
        for (let waited = 0; !/cebe_client_aborts_total 3/.test(await metrics()); waited++) {
          if (waited > 100) throw new Error(`no abort counted:\n${await metrics()}`)
          await new Promise((r) => setTimeout(r, 20))
        }
        const text = await metrics()
        expect(text).not.toMatch(/status="5\d\d"/)
        expect(lines.filter((l) => l.level >= 40)).toEqual([])
        expect(lines.filter((l) => l.msg === 'client closed the connection mid-request')).toHaveLength(3)
      } finally {
        await app.close()
        await store.close()
        await database.drop()
      }
    })
  })
}
