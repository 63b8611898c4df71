/** Schema registry endpoints and the operational ones: /healthz, /readyz, /metrics, /openapi.json. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const quizV1 = {
  version: '1-0-0',
  module: 'loyalty',
  description: 'A member finished a quiz',
  attributes: {
    type: 'object',
    properties: { quiz_id: { type: 'string', minLength: 1 }, score: { type: 'integer' } },
    required: ['quiz_id'],
    additionalProperties: false,
  },
}

const quizEvent = (company: string, attributes: Record<string, unknown>, version?: string) => ({
  ...makeEvent('points.earned', { company }),
  event_name: 'quiz.completed',
  source_module: 'loyalty',
  ...(version ? { schema_version: version } : { schema_version: undefined }),
  event_attributes: attributes,
})

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`schema registry and operations: ${flavour.name}`, () => {
    let server: TestServer
    let admin: string
    let writer: string

    beforeAll(async () => {
      server = await startTestServer(flavour)
      admin = await server.readKey('co_r', 'admin')
      writer = await server.writeKey('co_r')
    })
    afterAll(async () => server?.close())

    it('lists the catalog and serves each JSON Schema', async () => {
      const list = await server.get('/v1/schemas')
      expect(list.status).toBe(200)
      expect(list.body.events.length).toBeGreaterThanOrEqual(52)
      expect(list.body.events).toContainEqual(
        expect.objectContaining({ name: 'order.paid', versions: ['1-0-0', '2-0-0'] }),
      )
      const one = await server.get('/v1/schemas/order.paid')
      expect(one.body).toMatchObject({ name: 'order.paid', module: 'conversion', latest: '2-0-0' })
      expect(one.body.json_schema.$id).toBe('urn:cebe:event:order.paid:2-0-0')
      const v1 = await server.get('/v1/schemas/order.paid/versions/1-0-0')
      expect(v1.body.$id).toBe('urn:cebe:event:order.paid:1-0-0')
      expect((await server.get('/v1/schemas/nope')).status).toBe(404)
      expect((await server.get('/v1/schemas/order.paid/versions/9-0-0')).status).toBe(404)
    })

    it('registers a custom event with an admin key, then validates ingest against it', async () => {
      const unknown = await server.post(
        '/v1/events',
        { events: [quizEvent('co_r', { quiz_id: 'q1' })] },
        { key: writer },
      )
      expect(unknown.body.results).toEqual(['rejected'])

      expect((await server.post('/v1/schemas/quiz.completed/versions', quizV1, { key: writer })).status).toBe(
        403,
      )
      const created = await server.post('/v1/schemas/quiz.completed/versions', quizV1, { key: admin })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ name: 'quiz.completed', module: 'loyalty', versions: ['1-0-0'] })
      expect((await server.post('/v1/schemas/quiz.completed/versions', quizV1, { key: admin })).status).toBe(
        200,
      )

      const res = await server.post(
        '/v1/events',
        {
          events: [
            quizEvent('co_r', { quiz_id: 'q1', score: 3 }),
            quizEvent('co_r', { quiz_id: 'q2', extra: 1 }),
          ],
        },
        { key: writer },
      )
      expect(res.body.results).toEqual(['accepted', 'rejected'])
      expect((await server.get('/v1/schemas/quiz.completed', admin)).body.custom).toBe(true)
    })

    it('answers 409 with the breaking changes when a version does not declare them, and accepts an addition', async () => {
      const breaking = {
        ...quizV1,
        version: '1-0-1',
        attributes: { ...quizV1.attributes, required: ['quiz_id', 'score'] },
      }
      const refused = await server.post('/v1/schemas/quiz.completed/versions', breaking, { key: admin })
      expect(refused.status).toBe(409)
      expect(refused.body.error.code).toBe('incompatible_schema')
      expect(refused.body.error.details.changes.length).toBeGreaterThan(0)

      const addition = {
        ...quizV1,
        version: '1-0-1',
        attributes: {
          ...quizV1.attributes,
          properties: { ...quizV1.attributes.properties, time_s: { type: 'number' } },
        },
      }
      const ok = await server.post('/v1/schemas/quiz.completed/versions', addition, { key: admin })
      expect(ok.status).toBe(201)
      expect(ok.body.versions).toEqual(['1-0-0', '1-0-1'])
      const res = await server.post(
        '/v1/events',
        { events: [quizEvent('co_r', { quiz_id: 'q3', time_s: 2.5 })] },
        { key: writer },
      )
      expect(res.body.results).toEqual(['accepted'])
    })

    it('keeps registrations in the store: a new app over it knows them', async () => {
      const { buildApp } = await import('../src/index.js')
      const again = await buildApp({ store: server.store })
      const res = await again.inject({
        method: 'GET',
        url: '/v1/schemas/quiz.completed',
        headers: { authorization: `Bearer ${admin}` },
      })
      expect(res.json().versions).toEqual(['1-0-0', '1-0-1'])
      await again.close()
    })

    it('refuses bad registrations with 400', async () => {
      const bad = await server.post('/v1/schemas/Bad Name/versions', quizV1, { key: admin })
      expect(bad.status).toBe(400)
      const noCompile = await server.post(
        '/v1/schemas/quiz.other/versions',
        { ...quizV1, attributes: { type: 'object', properties: { a: { type: 'nonsense' } } } },
        { key: admin },
      )
      expect(noCompile.status).toBe(400)
      expect(
        (await server.post('/v1/schemas/quiz.x/versions', { version: '1-0-0' }, { key: admin })).status,
      ).toBe(400)
    })

    describe('tenancy: the catalog is shared, a custom event is its company’s (ADR 0111)', () => {
      let otherAdmin: string
      let otherWriter: string
      beforeAll(async () => {
        otherAdmin = await server.readKey('co_other', 'admin')
        otherWriter = await server.writeKey('co_other')
      })

      it("refuses a tenant's new version of a catalog event (403), so other tenants keep the catalog", async () => {
        const breaking = {
          version: '2-0-0',
          attributes: {
            type: 'object',
            properties: { must: { type: 'string' } },
            required: ['must'],
            additionalProperties: false,
          },
        }
        const res = await server.post('/v1/schemas/campaign.replied/versions', breaking, { key: admin })
        expect(res.status).toBe(403)
        expect(res.body.error.code).toBe('forbidden')
        expect(res.body.error.message).toContain('@cebe/schemas')
        const replied = makeEvent('campaign.replied', { company: 'co_other' })
        delete replied.schema_version
        const ingested = await server.post('/v1/events', { events: [replied] }, { key: otherWriter })
        expect(ingested.body.results).toEqual(['accepted'])
        expect((await server.get('/v1/schemas/campaign.replied')).body.versions).toEqual(['1-0-0'])
      })

      it('lets only the owning company send, list, read and extend its custom event', async () => {
        const sent = await server.post(
          '/v1/events',
          { events: [quizEvent('co_other', { quiz_id: 'q9' })] },
          { key: otherWriter },
        )
        expect(sent.body.results).toEqual(['rejected'])
        expect(sent.body.rejected[0].errors[0].code).toBe('unknown_event')
        const typo = await server.post(
          '/v1/events',
          { events: [{ ...quizEvent('co_other', { quiz_id: 'q9' }), event_name: 'quiz.complete' }] },
          { key: otherWriter },
        )
        expect(typo.body.rejected[0].errors[0].message).not.toContain('quiz.completed')

        const names = (res: { body: { events: { name: string }[] } }) => res.body.events.map((e) => e.name)
        expect(names(await server.get('/v1/schemas'))).not.toContain('quiz.completed')
        expect(names(await server.get('/v1/schemas', otherAdmin))).not.toContain('quiz.completed')
        expect(names(await server.get('/v1/schemas', otherWriter))).not.toContain('quiz.completed')
        expect(names(await server.get('/v1/schemas', writer))).toContain('quiz.completed')
        expect(names(await server.get('/v1/schemas', admin))).toContain('quiz.completed')
        expect((await server.get('/v1/schemas/quiz.completed')).status).toBe(404)
        expect((await server.get('/v1/schemas/quiz.completed', otherAdmin)).status).toBe(404)
        expect((await server.get('/v1/schemas/quiz.completed/versions/1-0-0', otherAdmin)).status).toBe(404)
        expect((await server.get('/v1/schemas', 'cebe_r_bogus')).status).toBe(401)

        const taken = await server.post(
          '/v1/schemas/quiz.completed/versions',
          { ...quizV1, version: '1-0-2' },
          { key: otherAdmin },
        )
        expect(taken.status).toBe(409)
        expect(taken.body.error.message).toContain('taken')
      })

      it('refuses patterns that can backtrack, and keeps linear ones', async () => {
        const withPattern = (pattern: string) => ({
          ...quizV1,
          attributes: {
            type: 'object',
            properties: { code: { type: 'string', pattern } },
            additionalProperties: false,
          },
        })
        for (const pattern of ['^(a+)+$', '(a|a)*', '^a*a*$', '^\\d+\\w*$', '^(?=a)a$', '^(a)\\1$']) {
          const res = await server.post('/v1/schemas/quiz.pattern/versions', withPattern(pattern), {
            key: admin,
          })
          expect(res.status, pattern).toBe(400)
          expect(res.body.error.message).toContain('pattern')
          expect(res.body.error.details.path).toBe('/attributes/properties/code/pattern')
        }
        const linear = await server.post(
          '/v1/schemas/quiz.pattern/versions',
          withPattern('^[A-Z]{2}-[0-9]+$'),
          {
            key: admin,
          },
        )
        expect(linear.status).toBe(201)
        const patternProperties = {
          ...quizV1,
          attributes: { type: 'object', patternProperties: { '^(x+)+$': { type: 'string' } } },
        }
        const res = await server.post('/v1/schemas/quiz.props/versions', patternProperties, { key: admin })
        expect(res.status).toBe(400)
      })

      it('limits a registration in bytes, properties and depth', async () => {
        const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, { type: 'string' }]))
        let deep: Record<string, unknown> = { type: 'string' }
        for (let i = 0; i < 20; i++) deep = { type: 'object', properties: { d: deep } }
        const big = { type: 'object', description: 'x'.repeat(70_000) }
        for (const attributes of [{ type: 'object', properties: many }, deep, big]) {
          const res = await server.post(
            '/v1/schemas/quiz.big/versions',
            { ...quizV1, attributes },
            { key: admin },
          )
          expect(res.status).toBe(400)
          expect(res.body.error.message).toMatch(/properties|deeper|bytes/)
        }
      })

      it('does not load stored catalog overrides or backtracking patterns written by an older server', async () => {
        const { buildApp } = await import('../src/index.js')
        await server.store.saveSchema({
          name: 'campaign.replied',
          module: 'campaign',
          version: '9-0-0',
          jsonSchema: { type: 'object', required: ['never'] },
          companyId: null,
        })
        await server.store.saveSchema({
          name: 'quiz.redos',
          module: 'loyalty',
          version: '1-0-0',
          jsonSchema: {
            type: 'object',
            properties: { event_attributes: { type: 'object', properties: { v: { pattern: '^(a+)+$' } } } },
          },
          companyId: 'co_r',
        })
        const again = await buildApp({ store: server.store })
        const replied = await again.inject({ method: 'GET', url: '/v1/schemas/campaign.replied' })
        expect(replied.json().versions).toEqual(['1-0-0'])
        const redos = await again.inject({
          method: 'GET',
          url: '/v1/schemas/quiz.redos',
          headers: { authorization: `Bearer ${admin}` },
        })
        expect(redos.statusCode).toBe(404)
        await again.close()
      })
    })

    it('answers /healthz, /readyz, /metrics and /openapi.json', async () => {
      expect((await server.get('/healthz')).body).toEqual({ status: 'ok' })
      expect((await server.get('/readyz')).body).toEqual({ status: 'ready', store: flavour.name })
      const metrics = (await server.get('/metrics')).body as string
      for (const name of [
        'cebe_ingest_events_total',
        'cebe_http_request_duration_seconds',
        'cebe_commit_duration_seconds',
        'cebe_event_commit_lag_seconds',
        'cebe_events_over_sla_total',
      ]) {
        expect(metrics).toContain(name)
      }
      const openapi = (await server.get('/openapi.json')).body
      expect(openapi.openapi).toMatch(/^3\./)
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/v1/events',
          '/v1/schemas',
          '/v1/schemas/{event}/versions',
          '/healthz',
          '/readyz',
          '/metrics',
        ]),
      )
      expect(openapi.paths['/v1/events'].post.responses).toHaveProperty('413')
    })
  })
}
