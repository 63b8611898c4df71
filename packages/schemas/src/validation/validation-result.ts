/** What every CEBE validator answers: the event, or the errors a person can act on. */
export type ValidationErrorCode =
  | 'invalid_json'
  | 'invalid_type'
  | 'required'
  | 'unknown_field'
  | 'unknown_event'
  | 'unknown_version'
  | 'wrong_module'
  | 'invalid_value'
  | 'invalid_enum'
  | 'invalid_timestamp'
  | 'invalid_event_id'
  | 'invalid_format'
  | 'too_small'
  | 'too_big'
  | 'missing_customer'
  | 'customer_mismatch'
  | 'timestamp_in_future'
  /** The list of errors was cut: more remain than were listed. */
  | 'too_many_errors'

export interface ValidationError {
  /** JSON pointer into the event, e.g. `/event_attributes/campaign_id`; `''` is the event itself. */
  path: string
  code: ValidationErrorCode
  message: string
}

/**
 * `event` is the input itself, or a copy whose envelope took `qontak_customer_id` from
 * `event_attributes` (validation/customer-id-attribute.ts).
 */
export type ValidationResult<E> = { ok: true; event: E } | { ok: false; errors: ValidationError[] }

/** Escapes one path segment for a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1')
}

export function toPointer(path: readonly (string | number | symbol)[]): string {
  return path.map((segment) => `/${pointerSegment(String(segment))}`).join('')
}
