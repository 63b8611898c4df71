import type { CebeEvent } from '../catalog/event-types.js'
import { type ValidateOptions, validateWith } from './dispatch.js'
import { precompiledSource } from './precompiled-source.js'
import type { ValidationResult } from './validation-result.js'

/**
 * Validates one event against the catalog (its `schema_version`, or the latest), with the
 * precompiled validators: no zod, no ajv compiler at run time.
 *
 * ```ts
 * const result = validateEvent(JSON.parse(body))
 * if (!result.ok) for (const e of result.errors) console.error(`${e.path}: ${e.message}`)
 * ```
 */
export function validateEvent(input: unknown, options: ValidateOptions = {}): ValidationResult<CebeEvent> {
  return validateWith<CebeEvent>(precompiledSource, input, options)
}
