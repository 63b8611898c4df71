/**
 * Structural diff of two JSON Schemas of one event, under the strict rules for closed content
 * models: a change that every historical event still passes is an ADDITION; one that may reject
 * some history is a REVISION; one that rejects history outright (a new required field, an
 * incompatible type) is a MODEL change.
 */
import { pointerSegment } from '../validation/validation-result.js'

export type ChangeClass = 'ADDITION' | 'REVISION' | 'MODEL'

export interface SchemaChange {
  event: string
  code: string
  /** JSON pointer into the event envelope, e.g. `/event_attributes/order_id`. */
  pointer: string
  class: ChangeClass
  message: string
}

type Node = { [key: string]: unknown }
type Emit = (change: Omit<SchemaChange, 'event'>) => void

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const

export function diffSchemas(base: unknown, head: unknown, emit: Emit, pointer = ''): void {
  const b = asNode(base)
  const h = asNode(head)
  diffTypes(b, h, emit, pointer)
  diffConst(b, h, emit, pointer)
  diffEnum(b, h, emit, pointer)
  diffBounds(b, h, emit, pointer)
  diffStringRules(b, h, emit, pointer)
  diffMarks(b, h, emit, pointer)
  diffObject(b, h, emit, pointer)
  if (b.items !== undefined || h.items !== undefined)
    diffSchemas(b.items ?? {}, h.items ?? {}, emit, `${pointer}/items`)
  diffUnion(b, h, emit, pointer)
}

function asNode(schema: unknown): Node {
  if (schema === true || schema === undefined) return {}
  if (schema === false) return { not: {} }
  return schema as Node
}

function typesOf(node: Node): Set<string> | undefined {
  if (node.type === undefined) return undefined
  return new Set(Array.isArray(node.type) ? (node.type as string[]) : [node.type as string])
}

function diffTypes(b: Node, h: Node, emit: Emit, pointer: string): void {
  const [bt, ht] = [typesOf(b), typesOf(h)]
  if (!bt && !ht) return
  if (!ht) {
    emit({ code: 'type_widened', pointer, class: 'ADDITION', message: 'type constraint removed' })
    return
  }
  if (!bt) {
    emit({
      code: 'type_narrowed',
      pointer,
      class: 'REVISION',
      message: `type restricted to ${[...ht]}`,
    })
    return
  }
  const accepts = (set: Set<string>, t: string) => set.has(t) || (t === 'integer' && set.has('number'))
  const lost = [...bt].filter((t) => !accepts(ht, t))
  const gained = [...ht].filter((t) => !accepts(bt, t))
  if (lost.length === 0 && gained.length > 0)
    emit({
      code: 'type_widened',
      pointer,
      class: 'ADDITION',
      message: `type ${[...bt]} widened to ${[...ht]}`,
    })
  if (lost.length === 0) return
  const overlaps = [...bt].some((t) => accepts(ht, t) || (t === 'number' && ht.has('integer')))
  emit({
    code: overlaps ? 'type_narrowed' : 'type_changed',
    pointer,
    class: overlaps ? 'REVISION' : 'MODEL',
    message: `type ${[...bt]} changed to ${[...ht]}`,
  })
}

function diffConst(b: Node, h: Node, emit: Emit, pointer: string): void {
  if (!('const' in b) && !('const' in h)) return
  if (!('const' in h)) {
    emit({ code: 'const_removed', pointer, class: 'ADDITION', message: 'fixed value removed' })
    return
  }
  if (!('const' in b)) {
    emit({
      code: 'const_added',
      pointer,
      class: 'REVISION',
      message: `fixed to ${JSON.stringify(h.const)}`,
    })
    return
  }
  if (JSON.stringify(b.const) !== JSON.stringify(h.const))
    emit({
      code: 'const_changed',
      pointer,
      class: 'MODEL',
      message: `fixed value ${JSON.stringify(b.const)} changed to ${JSON.stringify(h.const)}`,
    })
}

function diffEnum(b: Node, h: Node, emit: Emit, pointer: string): void {
  const [be, he] = [b.enum as unknown[] | undefined, h.enum as unknown[] | undefined]
  if (!be && !he) return
  if (!he) {
    emit({ code: 'enum_removed', pointer, class: 'ADDITION', message: 'enumeration removed' })
    return
  }
  if (!be) {
    emit({
      code: 'enum_added',
      pointer,
      class: 'REVISION',
      message: `restricted to ${JSON.stringify(he)}`,
    })
    return
  }
  const key = (v: unknown) => JSON.stringify(v)
  const [bs, hs] = [new Set(be.map(key)), new Set(he.map(key))]
  for (const v of be.filter((v) => !hs.has(key(v))))
    emit({
      code: 'enum_value_removed',
      pointer,
      class: 'REVISION',
      message: `value ${key(v)} no longer allowed`,
    })
  for (const v of he.filter((v) => !bs.has(key(v))))
    emit({ code: 'enum_value_added', pointer, class: 'ADDITION', message: `value ${key(v)} now allowed` })
}

function diffBounds(b: Node, h: Node, emit: Emit, pointer: string): void {
  const check = (keyword: string, tighter: (base: number, head: number) => boolean) => {
    const [bv, hv] = [b[keyword] as number | undefined, h[keyword] as number | undefined]
    if (bv === hv) return
    const tightened = bv === undefined || (hv !== undefined && tighter(bv, hv))
    emit({
      code: tightened ? 'bound_tightened' : 'bound_loosened',
      pointer,
      class: tightened ? 'REVISION' : 'ADDITION',
      message: `${keyword} ${bv ?? 'none'} → ${hv ?? 'none'}`,
    })
  }
  for (const keyword of LOWER_BOUNDS) check(keyword, (base, head) => head > base)
  for (const keyword of UPPER_BOUNDS) check(keyword, (base, head) => head < base)
}

function diffStringRules(b: Node, h: Node, emit: Emit, pointer: string): void {
  for (const keyword of ['pattern', 'format'] as const) {
    if (b[keyword] === h[keyword]) continue
    const removed = h[keyword] === undefined
    emit({
      code: removed ? `${keyword}_removed` : `${keyword}_changed`,
      pointer,
      class: removed ? 'ADDITION' : 'REVISION',
      message: `${keyword} ${b[keyword] ?? 'none'} → ${h[keyword] ?? 'none'}`,
    })
  }
}

function diffMarks(b: Node, h: Node, emit: Emit, pointer: string): void {
  for (const keyword of ['x-pii', 'x-identity'] as const) {
    if (b[keyword] === h[keyword]) continue
    // A PII mark put on an unmarked field only masks more: see PII_MARK_ADDED.
    const added = keyword === 'x-pii' && b[keyword] === undefined
    emit({
      code: added ? PII_MARK_ADDED : keyword === 'x-pii' ? 'pii_mark_changed' : 'identity_mark_changed',
      pointer,
      class: 'ADDITION',
      message: `${keyword} ${b[keyword] ?? 'none'} → ${h[keyword] ?? 'none'} (validation unchanged; masking and resolution follow it)`,
    })
  }
}

/**
 * A PII mark added to a field that had none. Validation and identity resolution do not change;
 * masking only gets stricter. It may be made to published versions in place and needs no version
 * bump: history stored under those versions is masked by their marks, so a mark that only a new
 * version carried would leave the old events' field readable (ADR 0003).
 */
export const PII_MARK_ADDED = 'pii_mark_added'

function diffObject(b: Node, h: Node, emit: Emit, pointer: string): void {
  const bp = (b.properties ?? {}) as Node
  const hp = (h.properties ?? {}) as Node
  const br = new Set((b.required ?? []) as string[])
  const hr = new Set((h.required ?? []) as string[])
  const baseClosed = b.additionalProperties === false
  const headClosed = h.additionalProperties === false

  for (const name of Object.keys(bp)) {
    const at = `${pointer}/${pointerSegment(name)}`
    if (!(name in hp)) {
      emit(
        headClosed
          ? {
              code: 'property_removed',
              pointer: at,
              class: 'REVISION',
              message: `"${name}" removed; history carrying it is rejected`,
            }
          : {
              code: 'property_removed',
              pointer: at,
              class: 'ADDITION',
              message: `"${name}" no longer described`,
            },
      )
      continue
    }
    diffSchemas(bp[name], hp[name], emit, at)
    if (!br.has(name) && hr.has(name))
      emit({
        code: 'property_made_required',
        pointer: at,
        class: 'REVISION',
        message: `"${name}" is now required`,
      })
    if (br.has(name) && !hr.has(name))
      emit({
        code: 'property_made_optional',
        pointer: at,
        class: 'ADDITION',
        message: `"${name}" is now optional`,
      })
  }
  for (const name of Object.keys(hp)) {
    if (name in bp) continue
    const at = `${pointer}/${pointerSegment(name)}`
    if (hr.has(name)) {
      emit({
        code: 'required_property_added',
        pointer: at,
        class: 'MODEL',
        message: `required "${name}" added`,
      })
    } else if (baseClosed) {
      emit({
        code: 'optional_property_added',
        pointer: at,
        class: 'ADDITION',
        message: `optional "${name}" added`,
      })
    } else {
      emit({
        code: 'optional_property_added',
        pointer: at,
        class: 'REVISION',
        message: `optional "${name}" added to an open object; history may carry it with another shape`,
      })
    }
  }

  const [ba, ha] = [b.additionalProperties, h.additionalProperties]
  if (baseClosed && ha !== undefined && ha !== false)
    emit({ code: 'content_opened', pointer, class: 'ADDITION', message: 'unknown keys now allowed' })
  else if (!baseClosed && ba !== undefined && headClosed)
    emit({ code: 'content_closed', pointer, class: 'REVISION', message: 'unknown keys now rejected' })
  else if (typeof ba === 'object' && typeof ha === 'object') diffSchemas(ba, ha, emit, `${pointer}/*`)
}

function diffUnion(b: Node, h: Node, emit: Emit, pointer: string): void {
  const [bu, hu] = [(b.anyOf ?? []) as unknown[], (h.anyOf ?? []) as unknown[]]
  if (bu.length === 0 && hu.length === 0) return
  const shared = Math.min(bu.length, hu.length)
  for (let i = 0; i < shared; i++) diffSchemas(bu[i], hu[i], emit, pointer)
  if (hu.length > bu.length)
    emit({
      code: 'union_widened',
      pointer,
      class: 'ADDITION',
      message: `${hu.length - bu.length} alternative(s) added`,
    })
  if (hu.length < bu.length)
    emit({
      code: 'union_narrowed',
      pointer,
      class: 'REVISION',
      message: `${bu.length - hu.length} alternative(s) removed`,
    })
}
