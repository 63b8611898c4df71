/**
 * Turns ajv's errors into CEBE's `{ path, code, message }`: JSON pointers to the offending
 * field and sentences that say what to send instead. Branch noise from `anyOf` is folded into
 * the one error the branch stands for.
 */
import type { ErrorObject } from 'ajv'
import { missingCustomerMessage } from '../envelope/customer-rule.js'
import { pointerSegment, type ValidationError } from './validation-result.js'

type SchemaNode = { [key: string]: unknown }

const TIMESTAMP_HINT =
  'must be an RFC 3339 date-time with offset, e.g. "2026-11-27T06:53:00Z" or "2026-11-27T13:53:00+07:00"'

/**
 * At most `limit` errors are formatted (each message can list a schema's fields, so formatting
 * thousands would cost more than the validation); a last `too_many_errors` entry says the list
 * was cut.
 */
export function formatAjvErrors(
  errors: readonly ErrorObject[],
  eventName: string,
  limit = Number.POSITIVE_INFINITY,
): ValidationError[] {
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const out: ValidationError[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    if (isInsideFailedUnion(error, unionPaths)) continue
    const formatted = formatOne(error, eventName)
    const key = `${formatted.path}|${formatted.code}`
    if (seen.has(key)) continue
    seen.add(key)
    if (out.length >= limit) {
      out.push({
        path: '',
        code: 'too_many_errors',
        message: `more errors than the ${limit} listed; fix these and send the event again to see the rest`,
      })
      break
    }
    out.push(formatted)
  }
  return out
}

/** Errors of one branch of a failed `anyOf` only restate it; report the `anyOf` itself. */
function isInsideFailedUnion(error: ErrorObject, unionPaths: Set<string>): boolean {
  for (const path of unionPaths) {
    if (
      (error.instancePath === path || error.instancePath.startsWith(`${path}/`)) &&
      error.schemaPath.includes('/anyOf/')
    )
      return true
  }
  return false
}

function formatOne(error: ErrorObject, eventName: string): ValidationError {
  const path = error.instancePath
  const parent = (error.parentSchema ?? {}) as SchemaNode
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty)
      return {
        path: `${path}/${pointerSegment(field)}`,
        code: 'required',
        message: `required field "${field}" is missing`,
      }
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty)
      const allowed = Object.keys((parent.properties as SchemaNode | undefined) ?? {})
      return {
        path: `${path}/${pointerSegment(field)}`,
        code: 'unknown_field',
        message: `unknown field "${field}"${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`,
      }
    }
    case 'type':
      return {
        path,
        code: 'invalid_type',
        message: `expected ${params.type}, got ${describeType(error.data)}`,
      }
    case 'const':
      if (path === '/source_module')
        return {
          path,
          code: 'wrong_module',
          message: `${eventName} belongs to source_module "${params.allowedValue}", not ${JSON.stringify(error.data)}`,
        }
      return { path, code: 'invalid_value', message: `must be ${JSON.stringify(params.allowedValue)}` }
    case 'enum':
      return {
        path,
        code: 'invalid_enum',
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(error.data)}`,
      }
    case 'pattern':
      if (parent.format === 'date-time') return { path, code: 'invalid_timestamp', message: TIMESTAMP_HINT }
      if (path === '/event_id')
        return {
          path,
          code: 'invalid_event_id',
          message: 'event_id must be 1–128 characters of A–Z a–z 0–9 . _ : - (the SDK sets a UUIDv7)',
        }
      return {
        path,
        code: 'invalid_format',
        message: `${parent.description ? `${String(parent.description)}: ` : ''}does not match ${String(params.pattern)}`,
      }
    case 'minLength':
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minItems':
    case 'minProperties':
      return { path, code: 'too_small', message: boundMessage(error) }
    case 'maxLength':
    case 'maximum':
    case 'exclusiveMaximum':
    case 'maxItems':
    case 'maxProperties':
      return { path, code: 'too_big', message: boundMessage(error) }
    case 'anyOf':
      return formatUnion(error)
    default:
      return { path, code: 'invalid_value', message: error.message ?? 'is not valid' }
  }
}

function formatUnion(error: ErrorObject): ValidationError {
  const branches = (error.schema as SchemaNode[] | undefined) ?? []
  if (
    error.instancePath === '' &&
    branches.some((b) => (b.required as string[] | undefined)?.includes('qontak_customer_id'))
  ) {
    const identityBranch = branches.find((b) =>
      (b.required as string[] | undefined)?.includes('event_attributes'),
    )
    const identityFields =
      (
        ((identityBranch?.properties as SchemaNode)?.event_attributes as SchemaNode)?.anyOf as SchemaNode[]
      )?.flatMap((b) => b.required as string[]) ?? []
    return {
      path: '/qontak_customer_id',
      code: 'missing_customer',
      message: missingCustomerMessage(identityFields),
    }
  }
  const types = branches.map((b) => b.type).filter(Boolean)
  return {
    path: error.instancePath,
    code: 'invalid_type',
    message: `expected ${types.length ? types.join(', ') : 'one of the allowed shapes'}, got ${describeType(error.data)}`,
  }
}

function boundMessage(error: ErrorObject): string {
  const limit = (error.params as { limit: number }).limit
  const what: Record<string, string> = {
    minLength: `must be at least ${limit} characters long`,
    maxLength: `must be at most ${limit} characters long`,
    minimum: `must be ≥ ${limit}`,
    maximum: `must be ≤ ${limit}`,
    exclusiveMinimum: `must be > ${limit}`,
    exclusiveMaximum: `must be < ${limit}`,
    minItems: `must have at least ${limit} items`,
    maxItems: `must have at most ${limit} items`,
    minProperties: `must have at least ${limit} entries`,
    maxProperties: `must have at most ${limit} entries`,
  }
  return `${what[error.keyword]}; got ${describeValue(error.data)}`
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  // JSON.parse reads 1e309 as Infinity: a number, but not one any store or client can keep.
  if (typeof value === 'number' && !Number.isFinite(value))
    return 'a number too large for a 64-bit float (e.g. 1e309); send a finite number or a string'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer'
  return typeof value
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (Array.isArray(value)) return `${value.length} items`
  if (value && typeof value === 'object') return `${Object.keys(value).length} entries`
  return String(value)
}
