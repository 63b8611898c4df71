/**
 * Validations per second on one core for a typical CEBE event (`campaign.replied`, every field
 * filled): the two shipped paths against their parts and against ajv and zod alone.
 *
 * - `validateEvent` (the SDK's path, also `@cebe/schemas/validate`): dispatch + the precompiled
 *   ajv standalone validator the package ships in `validators/*.cjs` (no ajv compiler, no zod).
 * - `EventValidator.validate` (the server's path: its schema registry, extensible at run time):
 *   the same dispatch over validators ajv compiles from the same JSON Schemas on first use.
 *
 * Both load the package's built `dist/` (as users do), so run `npm run build` first.
 *
 *   npm run validation -w @cebe/bench      # prints a table; writes bench/results/validation.json
 */
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import {
  CATALOG_EVENTS,
  createAjv,
  type EventDefinition,
  EventValidator,
  eventEnvelopeSchema,
  getCatalog,
  validateEvent,
} from '@cebe/schemas'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { recordContext } from '../record-context.js'

const NAME = 'campaign.replied'
const loadStart = Number(loadavg()[0]!.toFixed(2))
const entry = getCatalog().find((e) => e.name === NAME)!
const definition = (CATALOG_EVENTS as readonly EventDefinition[]).find((e) => e.name === NAME)!
const { $id: _id, ...jsonSchema } = entry.jsonSchema

/** 1,024 distinct events, as a producer would send them (ids and timestamps differ). */
const events = Array.from({ length: 1024 }, (_, i) => ({
  ...entry.example,
  event_id: `0193a1b2-7c3d-7e4f-8a9b-${String(i).padStart(12, '0')}`,
  event_timestamp: new Date(Date.parse('2026-11-27T03:00:00Z') + i * 1000).toISOString(),
}))

const latest = definition.versions.at(-1)!.version
/** The shipped precompiled validator of this event version: what `validateEvent` loads. */
const precompiledPath = createRequire(import.meta.url).resolve(
  `@cebe/schemas/validators/${NAME}@${latest}.cjs`,
)
const precompiled = createRequire(import.meta.url)(precompiledPath) as (event: unknown) => boolean
const server = new EventValidator()
const cebeAjv = createAjv().compile(jsonSchema)
const fullFormatsAjv = (() => {
  // ajv with ajv-formats' full RFC 3339 date-time check on top of the pattern (correct, slower).
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats.default(ajv, { mode: 'full' })
  for (const k of ['x-pii', 'x-identity', 'x-cebe-module', 'x-cebe-version']) ajv.addKeyword(k)
  return ajv.compile(jsonSchema)
})()
const zodSchema = eventEnvelopeSchema(definition, definition.versions.at(-1)!)
const now = Date.parse('2026-11-27T04:00:00Z')

const candidates: Record<string, (event: unknown) => boolean> = {
  'validateEvent (SDK path: dispatch + precompiled standalone)': (e) => validateEvent(e, { now }).ok,
  'EventValidator.validate (server path: dispatch + ajv compiled at start)': (e) =>
    server.validate(e, { now }).ok,
  'precompiled standalone validator alone (validators/*.cjs)': (e) => precompiled(e),
  'ajv alone (CEBE config: date-time by pattern)': (e) => cebeAjv(e) as boolean,
  'ajv + ajv-formats full date-time': (e) => fullFormatsAjv(e) as boolean,
  'zod 4 safeParse': (e) => zodSchema.safeParse(e).success,
}

function measure(check: (event: unknown) => boolean, iterations: number): number {
  const start = process.hrtime.bigint()
  let valid = 0
  for (let i = 0; i < iterations; i++) if (check(events[i & 1023])) valid++
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (valid !== iterations) throw new Error(`only ${valid} of ${iterations} events were valid`)
  return iterations / seconds
}

const ITERATIONS = 1_000_000
const RUNS = 7
const results: { name: string; median: number; best: number }[] = []
for (const [name, check] of Object.entries(candidates)) {
  measure(check, 200_000) // warm-up: JIT and the lazily compiled validator
  const rates = Array.from({ length: RUNS }, () => measure(check, ITERATIONS)).sort((a, b) => a - b)
  results.push({ name, median: rates[Math.floor(RUNS / 2)]!, best: rates.at(-1)! })
}

const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M/s`
const loadAverage = [loadStart, Number(loadavg()[0]!.toFixed(2))]
console.log(`validateEvent loads ${precompiledPath}`)
console.log(
  `event: ${NAME} (${JSON.stringify(events[0]).length} bytes), ${RUNS} runs × ${ITERATIONS.toLocaleString()}`,
)
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one core, 1-min load average ${loadAverage.join(' → ')}\n`,
)
console.log('| validator | median | best |\n|---|---|---|')
for (const r of results) console.log(`| ${r.name} | ${fmt(r.median)} | ${fmt(r.best)} |`)

writeFileSync(
  new URL('../results/validation.json', import.meta.url),
  `${JSON.stringify({ ...recordContext('validation'), event: NAME, loadAverage, results }, null, 2)}\n`,
)
