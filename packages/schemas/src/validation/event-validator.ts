/**
 * The fast validation path every CEBE component shares: one ajv instance, each event version's
 * JSON Schema compiled on first use and cached, errors as `{ path, code, message }`. The catalog
 * is loaded by default; a server registers custom events and new versions on top of it.
 */
import type { ValidateFunction } from 'ajv'
import { CATALOG_EVENTS } from '../catalog/catalog.js'
import { MAX_FUTURE_SKEW_MS, type SourceModule } from '../envelope/envelope-fields.js'
import { buildEventJsonSchema, type JsonSchema } from '../json-schema/event-json-schema.js'
import { formatAjvErrors } from './ajv-errors.js'
import { createAjv } from './ajv-instance.js'
import { closestNames } from './closest-names.js'
import { compareSchemaVer, isSchemaVer } from './schema-ver.js'
import type { ValidationError, ValidationResult } from './validation-result.js'

export interface ValidateOptions {
  /** Clock for the "at most 1 h in the future" rule, in ms since the epoch. Defaults to `Date.now()`. */
  now?: number
}

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
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return fail([
        { path: '', code: 'invalid_type', message: `an event must be a JSON object, got ${kindOf(input)}` },
      ])
    }
    const event = input as Record<string, unknown>
    const name = event.event_name
    if (typeof name !== 'string') {
      return fail([
        name === undefined
          ? { path: '/event_name', code: 'required', message: 'required field "event_name" is missing' }
          : { path: '/event_name', code: 'invalid_type', message: `expected string, got ${kindOf(name)}` },
      ])
    }
    const entry = this.#events.get(name)
    if (!entry) return fail([unknownEvent(name, this.#events.keys())])

    const version = event.schema_version === undefined ? entry.latest : event.schema_version
    if (typeof version !== 'string' || !entry.schemas.has(version)) {
      return fail([unknownVersion(version, name, [...entry.schemas.keys()].sort(compareSchemaVer))])
    }

    const check = entry.compiled.get(version) ?? this.#compile(version, entry)
    if (!check(event)) return fail(formatAjvErrors(check.errors ?? [], name))

    const timestamp = Date.parse(event.event_timestamp as string)
    if (timestamp - (options.now ?? Date.now()) > MAX_FUTURE_SKEW_MS) {
      return fail([
        {
          path: '/event_timestamp',
          code: 'timestamp_in_future',
          message:
            'event_timestamp is more than 1 hour in the future; check the source clock and time zone offset',
        },
      ])
    }
    return { ok: true, event: event as E }
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

function fail<E>(errors: ValidationError[]): ValidationResult<E> {
  return { ok: false, errors }
}

function unknownEvent(name: string, known: Iterable<string>): ValidationError {
  const suggestions = closestNames(name, known)
  return {
    path: '/event_name',
    code: 'unknown_event',
    message: `unknown event "${name}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '; see GET /v1/schemas for the catalog, or register a custom event'}`,
  }
}

function unknownVersion(version: unknown, name: string, known: string[]): ValidationError {
  if (typeof version !== 'string' || !isSchemaVer(version)) {
    return {
      path: '/schema_version',
      code: 'invalid_format',
      message: `schema_version must be a SchemaVer string like "1-0-0"; got ${JSON.stringify(version)}`,
    }
  }
  return {
    path: '/schema_version',
    code: 'unknown_version',
    message: `${name} has no version ${version}; known versions: ${known.join(', ')} (omit schema_version for the latest)`,
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
