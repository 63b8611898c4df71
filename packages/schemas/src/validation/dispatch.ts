/**
 * The steps every CEBE validator takes, whichever way its compiled functions are obtained:
 * the input must be an object naming a known event and version; the version's validator runs;
 * failures become `{path, code, message}`; then the rules JSON Schema cannot say: a customer id in
 * the attributes agrees with the envelope's (and fills it), and "at most 1 h in the future".
 */
import type { ValidateFunction } from 'ajv'
import { MAX_EVENT_NAME_LENGTH, MAX_FUTURE_SKEW_MS } from '../envelope/envelope-constants.js'
import { formatAjvErrors } from './ajv-errors.js'
import { closestNames } from './closest-names.js'
import { reconcileCustomerId } from './customer-id-attribute.js'
import { compareSchemaVer, isSchemaVer } from './schema-ver.js'
import type { ValidationError, ValidationResult } from './validation-result.js'

export interface ValidateOptions {
  /** Clock for the "at most 1 h in the future" rule, in ms since the epoch. Defaults to `Date.now()`. */
  now?: number
  /**
   * Which known events this caller may use (a server's tenant sees the catalog and its own custom
   * events). Others are answered as unknown and never suggested. Default: all.
   */
  visible?: (name: string) => boolean
}

/** Errors listed per event; past this a `too_many_errors` entry says that the list was cut. */
export const MAX_ERRORS_PER_EVENT = 20

/** Where a validator finds the compiled function of an event version. */
export interface ValidatorSource {
  names(): Iterable<string>
  /** The latest version of `name`, or `undefined` for an unknown event. */
  latest(name: string): string | undefined
  versions(name: string): readonly string[]
  /** The compiled validator, or `undefined` when the event has no such version. */
  compiled(name: string, version: string): ValidateFunction | undefined
}

export function validateWith<E>(
  source: ValidatorSource,
  input: unknown,
  options: ValidateOptions,
): ValidationResult<E> {
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
  // Checked before anything else runs on the name: the suggestion below costs length × catalog.
  if (name.length > MAX_EVENT_NAME_LENGTH) {
    return fail([
      {
        path: '/event_name',
        code: 'too_big',
        message: `event_name must be at most ${MAX_EVENT_NAME_LENGTH} characters long; got ${name.length}`,
      },
    ])
  }
  const visible = options.visible
  const latest = visible && !visible(name) ? undefined : source.latest(name)
  if (latest === undefined) {
    const names = source.names()
    return fail([unknownEvent(name, visible ? filter(names, visible) : names)])
  }

  const version = event.schema_version === undefined ? latest : event.schema_version
  const check = typeof version === 'string' ? source.compiled(name, version) : undefined
  if (!check) return fail([unknownVersion(version, name, [...source.versions(name)].sort(compareSchemaVer))])
  if (!check(event)) return fail(formatAjvErrors(check.errors ?? [], name, MAX_ERRORS_PER_EVENT))

  const customer = reconcileCustomerId(event)
  if (!customer.ok) return fail([customer.error])

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
  return { ok: true, event: customer.event as E }
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

function* filter(names: Iterable<string>, keep: (name: string) => boolean): Iterable<string> {
  for (const name of names) if (keep(name)) yield name
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
