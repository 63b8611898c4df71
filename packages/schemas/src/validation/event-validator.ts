/**
 * An extensible validator: the catalog plus custom events and new versions registered at run
 * time (the server's schema registry). Each version's JSON Schema is compiled with ajv on first
 * use and cached. For the catalog alone, `validateEvent` is lighter: it loads precompiled code.
 */
import type { ValidateFunction } from 'ajv'
import { CATALOG_EVENTS } from '../catalog/catalog.js'
import type { SourceModule } from '../envelope/envelope-constants.js'
import { buildEventJsonSchema, type JsonSchema } from '../json-schema/event-json-schema.js'
import { createAjv } from './ajv-instance.js'
import { type ValidateOptions, type ValidatorSource, validateWith } from './dispatch.js'
import { compareSchemaVer, isSchemaVer } from './schema-ver.js'
import type { ValidationResult } from './validation-result.js'

export type { ValidateOptions } from './dispatch.js'

export interface RegisteredEvent {
  name: string
  module: SourceModule
  /** Known versions, oldest first. */
  versions: string[]
}

interface EventEntry {
  module: SourceModule
  /** version → its JSON Schema, built lazily for catalog events. */
  schemas: Map<string, () => JsonSchema>
  /** version → compiled validator, filled on first use. */
  compiled: Map<string, ValidateFunction>
  latest: string
}

export class EventValidator {
  readonly #ajv = createAjv()
  readonly #events = new Map<string, EventEntry>()
  readonly #source: ValidatorSource = {
    names: () => this.#events.keys(),
    latest: (name) => this.#events.get(name)?.latest,
    versions: (name) => [...(this.#events.get(name)?.schemas.keys() ?? [])],
    compiled: (name, version) => {
      const entry = this.#events.get(name)
      return (
        entry?.compiled.get(version) ??
        (entry?.schemas.has(version) ? this.#compile(version, entry) : undefined)
      )
    },
  }

  constructor(options: { catalog?: boolean } = {}) {
    if (options.catalog === false) return
    for (const event of CATALOG_EVENTS) {
      for (const version of event.versions) {
        this.#add(
          event.name,
          event.module,
          version.version,
          memo(() => buildEventJsonSchema(event, version)),
        )
      }
    }
  }

  /** Adds (or replaces) one event version from its JSON Schema, compiling it now so a bad schema fails here. */
  register(name: string, module: SourceModule, version: string, schema: JsonSchema): void {
    if (!isSchemaVer(version)) throw new TypeError(`"${version}" is not a SchemaVer version like 1-0-0`)
    const compiled = this.#ajv.compile(withoutId(schema))
    this.#add(name, module, version, () => schema)
    this.#events.get(name)!.compiled.set(version, compiled)
  }

  has(name: string): boolean {
    return this.#events.has(name)
  }

  describe(name: string): RegisteredEvent | undefined {
    const entry = this.#events.get(name)
    if (!entry) return undefined
    return { name, module: entry.module, versions: [...entry.schemas.keys()].sort(compareSchemaVer) }
  }

  list(): RegisteredEvent[] {
    return [...this.#events.keys()].map((name) => this.describe(name)!)
  }

  schemaOf(name: string, version?: string): JsonSchema | undefined {
    const entry = this.#events.get(name)
    return entry?.schemas.get(version ?? entry.latest)?.()
  }

  validate<E = Record<string, unknown>>(input: unknown, options: ValidateOptions = {}): ValidationResult<E> {
    return validateWith<E>(this.#source, input, options)
  }

  #compile(version: string, entry: EventEntry): ValidateFunction {
    const check = this.#ajv.compile(withoutId(entry.schemas.get(version)!()))
    entry.compiled.set(version, check)
    return check
  }

  #add(name: string, module: SourceModule, version: string, schema: () => JsonSchema): void {
    const entry = this.#events.get(name) ?? {
      module,
      schemas: new Map(),
      compiled: new Map(),
      latest: version,
    }
    entry.schemas.set(version, schema)
    entry.compiled.delete(version)
    if (compareSchemaVer(version, entry.latest) > 0) entry.latest = version
    this.#events.set(name, entry)
  }
}

/** ajv keeps every `$id` it compiles; replacing a custom schema must not collide with the old one. */
function withoutId(schema: JsonSchema): JsonSchema {
  const { $id: _id, ...rest } = schema
  return rest
}

function memo<T>(build: () => T): () => T {
  let value: T | undefined
  return () => {
    value ??= build()
    return value
  }
}
