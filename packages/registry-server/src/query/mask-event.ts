/**
 * Applies the role policy (`pii-policy.ts`) to one stored envelope, driven by the PII marks of
 * its schema. Masking replaces values and never keys: the envelope keeps its structure, arrays
 * their length, maps their keys. The input is not modified; only the paths that change are copied.
 */
import { buildEnvelopeJsonSchema, type FieldMark, readMarks } from '@cebe/schemas'
import { MASK, seesEverything, stricter, type Treatment, treatmentFor } from './pii-policy.js'

type Json = Record<string, unknown> | unknown[]

/** Phones show their last 4 characters only when at least this long (shorter would give most away). */
const PHONE_TAIL_MIN_LENGTH = 8

/**
 * The envelope as this role may see it. `marks` are the PII marks of the event's schema version;
 * `undefined` means the schema is unknown here, and then every value under `event_attributes` is
 * redacted for every role but admin (fail closed), along with the envelope's own marked fields.
 */
export function maskEvent(
  body: Record<string, unknown>,
  marks: readonly FieldMark[] | undefined,
  role: string | null | undefined,
): Record<string, unknown> {
  if (seesEverything(role)) return body
  let masked: Record<string, unknown> = body
  for (const { segments, treatment, kind } of planOf(marks ?? envelopeMarks(), role)) {
    masked = maskAt(masked, segments, 0, (value) => maskValue(value, treatment, kind)) as Record<
      string,
      unknown
    >
  }
  if (marks === undefined && Object.hasOwn(masked, 'event_attributes')) {
    masked = { ...masked }
    setOwn(masked, 'event_attributes', redactLeaves(masked.event_attributes))
  }
  return masked
}

/** One value under one treatment. `null` stays `null` (nothing to hide); other types become `***`. */
export function maskValue(value: unknown, treatment: Treatment, kind: string | undefined): unknown {
  if (treatment === 'clear' || value === null || value === undefined) return value
  if (treatment === 'partial' && typeof value === 'string') {
    if (kind === 'phone' && value.length >= PHONE_TAIL_MIN_LENGTH) return `${MASK}${value.slice(-4)}`
    const at = value.lastIndexOf('@')
    if (kind === 'email' && at > 0 && at < value.length - 1) return `${MASK}${value.slice(at)}`
  }
  return MASK
}

interface Step {
  segments: string[]
  treatment: Treatment
  kind: string | undefined
}

/** The marks that change something for this role, one per path (the strictest treatment wins). */
function planOf(marks: readonly FieldMark[], role: string | null | undefined): Step[] {
  const byPath = new Map<string, Step>()
  for (const mark of marks) {
    if (!mark.pii || mark.path === '') continue
    const treatment = treatmentFor(role, mark.pii)
    if (treatment === 'clear') continue
    const existing = byPath.get(mark.path)
    if (existing && stricter(existing.treatment, treatment) === existing.treatment) continue
    byPath.set(mark.path, { segments: mark.path.split('/').slice(1), treatment, kind: mark.pii })
  }
  return [...byPath.values()]
}

/** Replaces the values at a JSON pointer whose `*` segments match every array item or map key. */
function maskAt(node: unknown, segments: readonly string[], i: number, replace: (v: unknown) => unknown) {
  if (i === segments.length) return replace(node)
  if (node === null || typeof node !== 'object') return node
  const segment = segments[i]!
  const keys = segment === '*' ? Object.keys(node) : Object.hasOwn(node, segment) ? [segment] : []
  let copy: Json | undefined
  for (const key of keys) {
    const child = (node as Record<string, unknown>)[key]
    const next = maskAt(child, segments, i + 1, replace)
    if (next === child) continue
    copy ??= Array.isArray(node) ? node.slice() : { ...(node as Record<string, unknown>) }
    setOwn(copy, key, next)
  }
  return copy ?? node
}

/** Same shape, every leaf that is not null redacted. */
function redactLeaves(node: unknown): unknown {
  if (node === null || node === undefined) return node
  if (Array.isArray(node)) return node.map(redactLeaves)
  if (typeof node === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) setOwn(copy, key, redactLeaves(value))
    return copy
  }
  return MASK
}

/** Plain assignment would call the `__proto__` setter for a key of that name and keep nothing. */
function setOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

let envelope: FieldMark[] | undefined

/** Marks of the shared envelope (e.g. `/actor/name`), for events whose own schema is unknown. */
function envelopeMarks(): FieldMark[] {
  envelope ??= readMarks(buildEnvelopeJsonSchema())
  return envelope
}
