/**
 * `@cebe/schemas/validate` — the validation fast path alone, for producers (the SDK): it loads
 * neither zod nor the catalog's definitions, only the precompiled validator of each event
 * version it meets. Types come from the main entry.
 *
 * ```ts
 * import { validateEvent } from '@cebe/schemas/validate'
 * ```
 */
export { WIRE_LIMITS } from './envelope/envelope-constants.js'
export type { ValidateOptions } from './validation/dispatch.js'
export { validateEvent } from './validation/validate-event.js'
export type {
  ValidationError,
  ValidationErrorCode,
  ValidationResult,
} from './validation/validation-result.js'
