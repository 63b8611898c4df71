/**
 * The zod source and the generated JSON Schema must give the same verdict on every event: the
 * shared corpus (every catalog event version, every envelope rule) plus random hostile values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CATALOG_EVENTS,
  createAjv,
  type EventDefinition,
  EventValidator,
  eventEnvelopeSchema,
  getCatalog,
  type JsonSchema,
  validateEvent,
} from '../src/index.js'
import { buildCorpus } from './event-corpus.js'

const ajv = createAjv()
const verdicts = new Map<string, { zod: (v: unknown) => boolean; ajv: (v: unknown) => boolean }>()
for (const event of CATALOG_EVENTS as readonly EventDefinition[]) {
  const entry = getCatalog().find((e) => e.name === event.name)!
  for (const version of event.versions) {
    const zodSchema = eventEnvelopeSchema(event, version)
    const { $id: _id, ...jsonSchema } = entry.versions.find((v) => v.version === version.version)!
      .jsonSchema as JsonSchema
    const check = ajv.compile(jsonSchema)
    verdicts.set(`${event.name}@${version.version}`, {
      zod: (v) => zodSchema.safeParse(v).success,
      ajv: (v) => check(v) as boolean,
    })
  }
}

describe('zod and JSON Schema agree', () => {
  const corpus = buildCorpus()

  it('on the whole corpus, with the expected verdict', () => {
    const disagreements: string[] = []
    for (const c of corpus) {
      const pair = verdicts.get(`${c.event}@${c.version}`)!
      const [z, a] = [pair.zod(c.input), pair.ajv(c.input)]
      if (z !== a || z !== c.valid)
        disagreements.push(`${c.event}@${c.version} ${c.label}: zod=${z} ajv=${a} expected=${c.valid}`)
    }
    expect(disagreements).toEqual([])
    expect(corpus.length).toBeGreaterThan(2000)
  })

  it('and the precompiled validators (validateEvent) agree with the run-time compiled ones', () => {
    const runtime = new EventValidator()
    const now = Date.parse('2026-11-27T04:00:00Z')
    const disagreements = corpus.filter(
      (c) => validateEvent(c.input, { now }).ok !== runtime.validate(c.input, { now }).ok,
    )
    expect(disagreements.map((c) => `${c.event}@${c.version} ${c.label}`)).toEqual([])
  })

  it('on random values put into any envelope or attribute field', () => {
    const cases = corpus.filter((c) => c.label === 'example')
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(
        '',
        'Z',
        '2026-11-27T03:15:00+07:00',
        '2026-11-27T03:15:00+0700',
        '+6281234567890',
        'a@b.co',
      ),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: cases.length - 1 }),
        fc.boolean(),
        fc.nat(),
        anyJson,
        (i, inAttributes, k, value) => {
          const c = cases[i]!
          const input = structuredClone(c.input) as Record<string, any>
          const target = inAttributes ? input.event_attributes : input
          const keys = Object.keys(target)
          target[keys[k % keys.length]!] = value
          const pair = verdicts.get(`${c.event}@${c.version}`)!
          expect(pair.zod(input)).toBe(pair.ajv(input))
        },
      ),
      { numRuns: 3000, seed: 20261127 },
    )
  })
})
