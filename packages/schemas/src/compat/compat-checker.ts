/**
 * Compares two catalog snapshots (say, the published package and the working tree) and says,
 * per event, what changed, which SchemaVer bump that needs, and whether the new version number
 * declares at least that bump. The `cebe schemas diff` CLI and CI gate are built on this.
 */
import type { JsonSchema } from '../json-schema/event-json-schema.js'
import { compareSchemaVer } from '../validation/schema-ver.js'
import { type ChangeClass, diffSchemas, PII_MARK_ADDED, type SchemaChange } from './schema-diff.js'

export interface CatalogSnapshot {
  events: Record<string, { module: string; versions: Record<string, JsonSchema> }>
}

export type SemverBump = 'major' | 'minor' | 'patch' | 'none'

export interface EventCompatibility {
  event: string
  baseVersion?: string
  headVersion?: string
  /** The smallest SchemaVer bump the changes need; `undefined` when nothing changed. */
  requiredBump?: ChangeClass
  /** The bump the head version number declares over the base version. */
  declaredBump?: ChangeClass | 'NONE'
  ok: boolean
  problem?: string
}

export interface CompatibilityReport {
  changes: SchemaChange[]
  events: EventCompatibility[]
  /** True when some change is a REVISION or MODEL: history may be rejected. */
  breaking: boolean
  /** The npm release the changes call for: breaking → major, additions → minor. */
  semverBump: SemverBump
  /** False when an event changed without a sufficient version bump, or a version vanished. */
  ok: boolean
}

const RANK: Record<ChangeClass, number> = { ADDITION: 1, REVISION: 2, MODEL: 3 }

export function checkCompatibility(base: CatalogSnapshot, head: CatalogSnapshot): CompatibilityReport {
  const changes: SchemaChange[] = []
  const events: EventCompatibility[] = []
  const names = [...new Set([...Object.keys(base.events), ...Object.keys(head.events)])].sort()

  for (const name of names) {
    const [b, h] = [base.events[name], head.events[name]]
    const emit = (change: Omit<SchemaChange, 'event'>) => changes.push({ event: name, ...change })
    if (!h) {
      emit({
        code: 'event_removed',
        pointer: '',
        class: 'MODEL',
        message: `${name} was removed from the catalog`,
      })
      events.push({ event: name, ok: false, requiredBump: 'MODEL', problem: 'event removed' })
      continue
    }
    const headVersion = latestVersion(h.versions)
    if (!b) {
      emit({ code: 'event_added', pointer: '', class: 'ADDITION', message: `${name} ${headVersion} added` })
      events.push({ event: name, headVersion, ok: true, requiredBump: 'ADDITION' })
      continue
    }
    events.push(compareEvent(name, b.versions, h.versions, emit, changes))
  }

  const worst = Math.max(0, ...changes.map((c) => RANK[c.class]))
  return {
    changes,
    events,
    breaking: worst >= RANK.REVISION,
    semverBump: worst >= RANK.REVISION ? 'major' : worst === RANK.ADDITION ? 'minor' : 'none',
    ok: events.every((e) => e.ok),
  }
}

function compareEvent(
  name: string,
  baseVersions: Record<string, JsonSchema>,
  headVersions: Record<string, JsonSchema>,
  emit: (change: Omit<SchemaChange, 'event'>) => void,
  changes: SchemaChange[],
): EventCompatibility {
  const [baseVersion, headVersion] = [latestVersion(baseVersions), latestVersion(headVersions)]
  const before = changes.length
  const removedVersions = Object.keys(baseVersions).filter((v) => !(v in headVersions))
  for (const v of removedVersions)
    emit({
      code: 'version_removed',
      pointer: '',
      class: 'MODEL',
      message: `version ${v} was removed; history sent with it no longer validates`,
    })
  const rewritten = Object.keys(baseVersions).filter(
    (v) => v in headVersions && v !== baseVersion && editedInPlace(baseVersions[v], headVersions[v]),
  )

  diffSchemas(
    stripVersionConsts(baseVersions[baseVersion]),
    stripVersionConsts(headVersions[headVersion]),
    emit,
  )
  const own = changes.slice(before).filter((c) => c.code !== 'version_removed' && c.code !== PII_MARK_ADDED)
  const required = own.length ? maxClass(own.map((c) => c.class)) : undefined
  const declared = declaredBump(baseVersion, headVersion)
  const result: EventCompatibility = {
    event: name,
    baseVersion,
    headVersion,
    declaredBump: declared,
    ok: true,
  }
  if (required) result.requiredBump = required

  if (removedVersions.length)
    return { ...result, ok: false, problem: `version(s) ${removedVersions.join(', ')} removed` }
  if (rewritten.length)
    return {
      ...result,
      ok: false,
      problem: `published version(s) ${rewritten.join(', ')} were edited in place`,
    }
  if (compareSchemaVer(headVersion, baseVersion) < 0)
    return { ...result, ok: false, problem: `version went backwards (${baseVersion} → ${headVersion})` }
  if (required && (declared === 'NONE' || RANK[declared] < RANK[required]))
    return {
      ...result,
      ok: false,
      problem: `changes need a ${required} bump but ${baseVersion} → ${headVersion} declares ${declared === 'NONE' ? 'none' : declared}`,
    }
  return result
}

/** The version number is its own const in each schema; it changes with every bump by design. */
function stripVersionConsts(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {}
  const { $id: _id, title: _title, 'x-cebe-version': _v, ...rest } = schema
  const properties = { ...(rest.properties as Record<string, JsonSchema> | undefined) }
  delete properties.schema_version
  return { ...rest, properties }
}

/** Changed beyond PII marks added to unmarked fields (the one edit a published version may take). */
function editedInPlace(base: JsonSchema | undefined, head: JsonSchema | undefined): boolean {
  if (JSON.stringify(base) === JSON.stringify(head)) return false
  const baseMarks = new Map<string, unknown>()
  const headMarks = new Map<string, unknown>()
  if (JSON.stringify(withoutPii(base, '', baseMarks)) !== JSON.stringify(withoutPii(head, '', headMarks)))
    return true
  for (const [path, kind] of baseMarks) if (headMarks.get(path) !== kind) return true
  return false
}

/**
 * A copy without `x-pii` keywords, keys sorted (a regenerated schema may order a field's keywords
 * differently; that is no edit); the marks go into `marks` by their path in the schema.
 */
function withoutPii(node: unknown, path: string, marks: Map<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item, i) => withoutPii(item, `${path}/${i}`, marks))
  if (node === null || typeof node !== 'object') return node
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(node).sort()) {
    const value = (node as Record<string, unknown>)[key]
    if (key === 'x-pii') marks.set(path, value)
    else copy[key] = withoutPii(value, `${path}/${key}`, marks)
  }
  return copy
}

function latestVersion(versions: Record<string, JsonSchema>): string {
  return Object.keys(versions).sort(compareSchemaVer).at(-1) ?? '0-0-0'
}

function maxClass(classes: ChangeClass[]): ChangeClass {
  return classes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a))
}

function declaredBump(base: string, head: string): ChangeClass | 'NONE' {
  const [b, h] = [base.split('-').map(Number), head.split('-').map(Number)]
  if (h[0]! > b[0]!) return 'MODEL'
  if (h[0] === b[0] && h[1]! > b[1]!) return 'REVISION'
  if (h[0] === b[0] && h[1] === b[1] && h[2]! > b[2]!) return 'ADDITION'
  return 'NONE'
}

export type { ChangeClass, SchemaChange }
