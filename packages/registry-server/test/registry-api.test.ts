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
      expect((await server.get('/v1/schemas/quiz.completed')).body.custom).toBe(true)
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
      const res = await again.inject({ method: 'GET', url: '/v1/schemas/quiz.completed' })
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
