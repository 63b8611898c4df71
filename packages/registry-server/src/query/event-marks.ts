/**
 * The PII marks of an event version: the catalog's own list (`getCatalog()…versions[j].marks`)
 * or, for versions registered over HTTP, read from their JSON Schema with `readMarks` — the same
 * marks the docs render and the identity resolver reads.
 */
import { buildEnvelopeJsonSchema, type FieldMark, getCatalog, readMarks } from '@cebe/schemas'

export interface MarkSource {
  describe(name: string): { versions: readonly string[] } | undefined
  schemaOf(name: string, version?: string): Record<string, unknown> | undefined
}

export class EventMarks {
  readonly #catalog = new Map<string, FieldMark[]>()
  readonly #registered = new Map<string, FieldMark[] | undefined>()
  readonly #envelope = readMarks(buildEnvelopeJsonSchema())

  constructor(readonly schemas: MarkSource) {
    for (const entry of getCatalog())
      for (const version of entry.versions)
        this.#catalog.set(`${entry.name}@${version.version}`, version.marks)
  }

  /** Call when a schema version is registered. */
  forget(): void {
    this.#registered.clear()
  }

  /**
   * Marks of `name` at `version`. Without a version (the event was stored as "latest"), the union
   * of every version's marks. `undefined` when the event or that version is unknown here.
   */
  marksOf(name: string, version: string | null): FieldMark[] | undefined {
    if (version !== null) return this.#version(name, version)
    const versions = this.schemas.describe(name)?.versions
    if (!versions) return undefined
    const union: FieldMark[] = []
    for (const v of versions) union.push(...(this.#version(name, v) ?? []))
    return union
  }

  #version(name: string, version: string): FieldMark[] | undefined {
    const key = `${name}@${version}`
    const fromCatalog = this.#catalog.get(key)
    if (fromCatalog) return fromCatalog
    if (this.#registered.has(key)) return this.#registered.get(key)
    const schema = this.schemas.schemaOf(name, version)
    // The envelope's own marks too: a version stored before a mark was added to the envelope
    // (event_description) must not show that field unmasked.
    const marks = schema ? withEnvelope(readMarks(schema), this.#envelope) : undefined
    if (marks) this.#registered.set(key, marks)
    return marks
  }
}

function withEnvelope(marks: FieldMark[], envelope: readonly FieldMark[]): FieldMark[] {
  const has = new Set(marks.map((m) => `${m.path}|${m.pii}|${m.identity}`))
  return [...marks, ...envelope.filter((m) => !has.has(`${m.path}|${m.pii}|${m.identity}`))]
}
