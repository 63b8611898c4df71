import type { z } from 'zod'
import type { Actor, SchemaVer, SourceModule } from '../envelope/envelope-fields.js'

/**
 * How an event names its customer:
 * - `required`: `qontak_customer_id` must be present;
 * - `or-identifier`: `qontak_customer_id`, or one of the event's identity-marked attributes
 *   (phone, email, bsuid, member_id) that the resolver can use;
 * - `company-scoped`: the event is about the company, not a customer (e.g. `ad.spend_recorded`).
 */
export type CustomerRule = 'required' | 'or-identifier' | 'company-scoped'

export type AttributeSchema = z.ZodObject

export interface EventVersion<A extends AttributeSchema = AttributeSchema> {
  version: SchemaVer
  attributes: A
  /** A valid `event_attributes` payload for this version. */
  example: z.input<A>
  /** What changed from the version before, in a sentence (rendered in the docs' version history). */
  changes?: string
}

export interface EventDefinitionInput<
  N extends string,
  A extends AttributeSchema,
  M extends SourceModule = SourceModule,
> extends EventVersion<A> {
  name: N
  module: M
  /** The PRD's trigger, as a sentence. */
  description: string
  customer?: CustomerRule
  /** Decisions beyond the PRD's text (added linking ids, required-field choices), for the docs. */
  notes?: string[]
  /** Envelope values for the shipped example; defaults suit a customer-caused event. */
  exampleActor?: Actor
  exampleTriggerFrom?: string
  /** Older versions, oldest first. They stay validatable by `schema_version`. */
  previousVersions?: EventVersion[]
}

export interface EventDefinition<
  N extends string = string,
  A extends AttributeSchema = AttributeSchema,
  M extends SourceModule = SourceModule,
> extends Readonly<Required<Omit<EventDefinitionInput<N, A, M>, 'changes' | 'exampleActor'>>> {
  readonly exampleActor: Actor
  readonly changes?: string
  /** Every version, oldest first; the last is the latest. */
  readonly versions: readonly EventVersion[]
}

/** Declares one catalog event. Keeps the literal name and attribute type for `track` typing. */
export function defineEvent<const N extends string, A extends AttributeSchema, const M extends SourceModule>(
  input: EventDefinitionInput<N, A, M>,
): EventDefinition<N, A, M> {
  const previousVersions = input.previousVersions ?? []
  const latest: EventVersion = {
    version: input.version,
    attributes: input.attributes,
    example: input.example,
    ...(input.changes && { changes: input.changes }),
  }
  return Object.freeze({
    ...input,
    customer: input.customer ?? 'required',
    notes: input.notes ?? [],
    exampleActor: input.exampleActor ?? ({ type: 'customer' } satisfies Actor),
    exampleTriggerFrom: input.exampleTriggerFrom ?? 'user',
    previousVersions,
    versions: Object.freeze([...previousVersions, latest]),
  })
}
