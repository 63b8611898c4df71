/**
 * The server's schema registry: the `@cebe/schemas` catalog plus custom events registered over
 * HTTP and kept in the store. One `EventValidator` compiles every schema once; ingest validates
 * against it. Catalog events are versioned by the package release only; a custom event belongs
 * to the company that registered it, which alone may use, list and extend it (ADR 0111). A
 * registration passes the size and pattern limits, then the compatibility checker.
 */
import {
  buildEnvelopeJsonSchema,
  type CatalogSnapshot,
  type CompatibilityReport,
  checkCompatibility,
  EVENT_NAME_PATTERN,
  EventValidator,
  eventSchemaId,
  getCatalog,
  isSchemaVer,
  type JsonSchema,
  SOURCE_MODULES,
  type SourceModule,
} from '@cebe/schemas'
import { ServerError } from '../errors.js'
import type { SchemaStore, StoredSchema } from '../storage/store.js'
import { checkSchemaLimits } from './schema-limits.js'

export interface NewVersion {
  version: string
  module?: string
  description?: string
  /** `required` (default): events need qontak_customer_id; `company-scoped`: they never name a customer. */
  customer?: 'required' | 'company-scoped'
  /** JSON Schema of `event_attributes` (an object schema). */
  attributes: JsonSchema
}

export interface Registration {
  name: string
  module: SourceModule
  version: string
  versions: string[]
  created: boolean
  compatibility: Pick<CompatibilityReport, 'changes' | 'semverBump'>
}

/** Lets another node's registrations be seen without a restart, at most once per second. */
const REFRESH_INTERVAL_MS = 1_000

/** The company a custom event belongs to; null: registered before events had owners (shared). */
export type EventOwner = string | null

export class SchemaRegistry {
  readonly validator = new EventValidator()
  readonly #catalog = new Set(getCatalog().map((e) => e.name))
  readonly #owners = new Map<string, EventOwner>()
  readonly #known = new Set<string>()
  /** Stored rows not loaded, with the reason (a catalog override, a schema over the limits). */
  readonly skipped: { name: string; version: string; reason: string }[] = []
  #lastRefresh = 0
  #listeners: (() => void)[] = []

  constructor(readonly schemas: SchemaStore) {}

  onChange(listener: () => void): void {
    this.#listeners.push(listener)
  }

  isCatalog(name: string): boolean {
    return this.#catalog.has(name)
  }

  /** Whether `companyId` may use, list and see `name`: catalog events and its own custom events. */
  visibleTo(name: string, companyId: string | undefined): boolean {
    if (!this.#owners.has(name)) return true
    const owner = this.#owners.get(name)
    return owner === null || (companyId !== undefined && owner === companyId)
  }

  /** Loads schemas registered in the store (at start, and when an unknown event or version shows up). */
  async refresh(): Promise<boolean> {
    this.#lastRefresh = Date.now()
    let changed = false
    for (const schema of await this.schemas.listSchemas()) {
      const id = `${schema.name}@${schema.version}`
      if (this.#known.has(id)) continue
      this.#known.add(id)
      const refusal = this.#refusalOf(schema)
      if (refusal) {
        this.skipped.push({ name: schema.name, version: schema.version, reason: refusal })
        continue
      }
      this.validator.register(schema.name, schema.module as SourceModule, schema.version, schema.jsonSchema)
      if (!this.#owners.has(schema.name)) this.#owners.set(schema.name, schema.companyId)
      changed = true
    }
    if (changed) for (const listener of this.#listeners) listener()
    return changed
  }

  async refreshIfStale(): Promise<boolean> {
    if (Date.now() - this.#lastRefresh < REFRESH_INTERVAL_MS) return false
    return this.refresh()
  }

  /**
   * Rows written by older servers are checked as a registration would be now: versions of catalog
   * events and schemas past the limits (e.g. a backtracking pattern) are not loaded.
   */
  #refusalOf(schema: StoredSchema): string | undefined {
    if (this.#catalog.has(schema.name)) return 'a catalog event; its versions come from @cebe/schemas'
    const attributes = (schema.jsonSchema.properties as Record<string, unknown> | undefined)?.event_attributes
    try {
      checkSchemaLimits(attributes)
    } catch (error) {
      return (error as Error).message
    }
    return undefined
  }

  async register(name: string, input: NewVersion, companyId: string): Promise<Registration> {
    if (name.length > 128 || !EVENT_NAME_PATTERN.test(name)) {
      throw new ServerError(
        'bad_request',
        400,
        `"${name.slice(0, 128)}" is not a valid event name (lower-case words joined by . or _, at most 128 characters)`,
      )
    }
    if (this.#catalog.has(name)) {
      throw new ServerError(
        'forbidden',
        403,
        `${name} is a catalog event: its versions ship with the @cebe/schemas release and are the same for every company. ` +
          'Upgrade the server to get new catalog versions, or register a custom event under a name of your own.',
      )
    }
    if (this.#owners.has(name)) {
      const owner = this.#owners.get(name)
      if (owner === null) {
        throw new ServerError(
          'forbidden',
          403,
          `${name} was registered before custom events had owners; an operator must assign it to a company before it gets new versions`,
        )
      }
      if (owner !== companyId) {
        throw new ServerError(
          'conflict',
          409,
          `the custom event name ${name} is taken; custom event names are global, choose another (e.g. prefix it with your product)`,
        )
      }
    }
    checkSchemaLimits(input.attributes)
    if (!isSchemaVer(input.version)) {
      throw new ServerError('bad_request', 400, `"${input.version}" is not a SchemaVer version like 1-0-0`)
    }
    const existing = this.validator.describe(name)
    const module = (existing?.module ?? input.module) as SourceModule | undefined
    if (!module || !SOURCE_MODULES.includes(module)) {
      throw new ServerError('bad_request', 400, `module must be one of ${SOURCE_MODULES.join(', ')}`)
    }
    if (existing && input.module !== undefined && input.module !== existing.module) {
      throw new ServerError('conflict', 409, `${name} belongs to module ${existing.module}`)
    }
    const schema = buildCustomEventSchema(name, module, input)
    const baseVersions = Object.fromEntries(
      (existing?.versions ?? []).map((v) => [v, this.validator.schemaOf(name, v)!] as const),
    )
    if (baseVersions[input.version]) {
      if (JSON.stringify(baseVersions[input.version]) === JSON.stringify(schema)) {
        return {
          name,
          module,
          version: input.version,
          versions: existing!.versions,
          created: false,
          compatibility: { changes: [], semverBump: 'none' },
        }
      }
      throw new ServerError(
        'conflict',
        409,
        `${name} ${input.version} already exists with a different schema`,
      )
    }
    const base: CatalogSnapshot = { events: existing ? { [name]: { module, versions: baseVersions } } : {} }
    const head: CatalogSnapshot = {
      events: { [name]: { module, versions: { ...baseVersions, [input.version]: schema } } },
    }
    const report = checkCompatibility(base, head)
    if (!report.ok) {
      const problem = report.events.find((e) => !e.ok)?.problem
      throw new ServerError(
        'incompatible_schema',
        409,
        `${name} ${input.version} is not compatible with ${existing?.versions.at(-1)}${problem ? `: ${problem}` : ''}`,
        { changes: report.changes, events: report.events },
      )
    }
    try {
      this.validator.register(name, module, input.version, schema)
    } catch (error) {
      throw new ServerError('bad_request', 400, `the schema does not compile: ${(error as Error).message}`)
    }
    // Owned from here on, before the await: a concurrent registration of the name sees the owner.
    this.#owners.set(name, companyId)
    await this.schemas.saveSchema({ name, module, version: input.version, jsonSchema: schema, companyId })
    this.#known.add(`${name}@${input.version}`)
    for (const listener of this.#listeners) listener()
    const versions = this.validator.describe(name)!.versions
    return {
      name,
      module,
      version: input.version,
      versions,
      created: true,
      compatibility: { changes: report.changes, semverBump: report.semverBump },
    }
  }
}

/** The full event JSON Schema of a custom event: the shared envelope closed around its name, module and attributes. */
export function buildCustomEventSchema(name: string, module: SourceModule, input: NewVersion): JsonSchema {
  const envelope = buildEnvelopeJsonSchema()
  const properties = { ...(envelope.properties as Record<string, JsonSchema>) }
  properties.event_name = { type: 'string', const: name }
  properties.source_module = { type: 'string', const: module }
  properties.event_attributes = input.attributes
  const required = new Set(envelope.required as string[])
  if (input.customer !== 'company-scoped') required.add('qontak_customer_id')
  else delete properties.qontak_customer_id
  return {
    ...envelope,
    $id: eventSchemaId(name, input.version),
    title: `${name} ${input.version}`,
    description: input.description ?? `Custom event ${name}`,
    'x-cebe-module': module,
    'x-cebe-version': input.version,
    properties,
    required: [...required],
  }
}
