import type { CebeEvent } from '../catalog/event-types.js'
import { EventValidator, type ValidateOptions } from './event-validator.js'
import type { ValidationResult } from './validation-result.js'

let shared: EventValidator | undefined

/**
 * Validates one event against the catalog (its `schema_version`, or the latest).
 *
 * ```ts
 * const result = validateEvent(JSON.parse(body))
 * if (!result.ok) for (const e of result.errors) console.error(`${e.path}: ${e.message}`)
 * ```
 */
export function validateEvent(input: unknown, options?: ValidateOptions): ValidationResult<CebeEvent> {
  shared ??= new EventValidator()
  return shared.validate<CebeEvent>(input, options)
}
