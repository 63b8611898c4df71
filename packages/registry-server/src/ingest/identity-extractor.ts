/**
 * Finds the identifiers an event carries (ARCHITECTURE decision 4): the fields its schema marks
 * `x-identity` (phone, email, bsuid, member_id), read from the same JSON Schema the validator
 * uses, normalized so `+62 812-3456` and `+628123456` meet. The store does the resolving,
 * inside the commit transaction.
 */
import { type IdentityKind, readMarks } from '@cebe/schemas'
import type { Identifier } from '../storage/store.js'

/** Longer values are not identifiers anyone types; they are not indexed (and keep index rows small). */
const MAX_IDENTIFIER_LENGTH = 256

export interface SchemaSource {
  schemaOf(name: string, version?: string): Record<string, unknown> | undefined
}

interface IdentityField {
  field: string
  kind: IdentityKind
}

const NONE: readonly Identifier[] = Object.freeze([])

export class IdentityExtractor {
  /** event name → schema version ('' when the event names none) → identity-marked fields. */
  readonly #fields = new Map<string, Map<string, IdentityField[]>>()

  constructor(readonly schemas: SchemaSource) {}

  /** Call when a schema version is (re)registered. */
  forget(): void {
    this.#fields.clear()
  }

  extract(event: Record<string, unknown>): readonly Identifier[] {
    const name = event.event_name as string
    const version = typeof event.schema_version === 'string' ? event.schema_version : undefined
    const fields = this.#fieldsOf(name, version)
    // Most events carry no identity-marked field: no work and no allocation for them.
    if (fields.length === 0) return NONE
    const attributes = event.event_attributes as Record<string, unknown> | undefined
    const found: Identifier[] = []
    for (const { field, kind } of fields) {
      const raw = attributes?.[field]
      if (typeof raw !== 'string') continue
      const value = normalizeIdentifier(kind, raw)
      if (value.length > 0 && value.length <= MAX_IDENTIFIER_LENGTH) found.push({ kind, value })
    }
    return found
  }

  #fieldsOf(name: string, version: string | undefined): IdentityField[] {
    let versions = this.#fields.get(name)
    if (!versions) {
      versions = new Map()
      this.#fields.set(name, versions)
    }
    let fields = versions.get(version ?? '')
    if (!fields) {
      const schema = this.schemas.schemaOf(name, version)
      fields = []
      for (const mark of schema ? readMarks(schema) : []) {
        const match = /^\/event_attributes\/([^/*]+)$/.exec(mark.path)
        if (mark.identity && match) fields.push({ field: match[1]!, kind: mark.identity })
      }
      versions.set(version ?? '', fields)
    }
    return fields
  }
}

export function normalizeIdentifier(kind: IdentityKind, raw: string): string {
  const value = raw.trim()
  if (kind === 'email') return value.toLowerCase()
  if (kind === 'phone') return value.replace(/[\s().-]/g, '')
  return value
}
