/**
 * The server's schema registry: the `@cebe/schemas` catalog plus custom events and versions
 * registered over HTTP and kept in the store. One `EventValidator` compiles every schema once;
 * ingest validates against it. A registration runs the package's compatibility checker first.
 */
import {
  buildEnvelopeJsonSchema,
  type CatalogSnapshot,
  type CompatibilityReport,
  checkCompatibility,
  EVENT_NAME_PATTERN,
  EventValidator,
  eventSchemaId,
  isSchemaVer,
  type JsonSchema,
  SOURCE_MODULES,
  type SourceModule,
} from '@cebe/schemas'
import { ServerError } from '../errors.js'
import type { Store } from '../storage/store.js'

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

export class SchemaRegistry {
  readonly validator = new EventValidator()
  readonly #known = new Set<string>()
  #lastRefresh = 0
  #listeners: (() => void)[] = []

  constructor(readonly store: Store) {}

  onChange(listener: () => void): void {
    this.#listeners.push(listener)
  }

  /** Loads schemas registered in the store (at start, and when an unknown event or version shows up). */
  async refresh(): Promise<boolean> {
    this.#lastRefresh = Date.now()
    let changed = false
    for (const schema of await this.store.listSchemas()) {
      const id = `${schema.name}@${schema.version}`
      if (this.#known.has(id)) continue
      this.validator.register(schema.name, schema.module as SourceModule, schema.version, schema.jsonSchema)
      this.#known.add(id)
      changed = true
    }
    if (changed) for (const listener of this.#listeners) listener()
    return changed
  }

  async refreshIfStale(): Promise<boolean> {
    if (Date.now() - this.#lastRefresh < REFRESH_INTERVAL_MS) return false
    return this.refresh()
  }

  async register(name: string, input: NewVersion): Promise<Registration> {
    if (!EVENT_NAME_PATTERN.test(name) || name.length > 128) {
      throw new ServerError(
        'bad_request',
        400,
        `"${name}" is not a valid event name (lower-case words joined by . or _)`,
      )
    }
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
    await this.store.saveSchema({ name, module, version: input.version, jsonSchema: schema })
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
