/**
 * The one ajv configuration every CEBE validator uses: draft 2020-12, strict mode, all errors.
 * Date-times are checked by the `pattern` zod writes beside `format: "date-time"` (leap years
 * included), so the format itself is declared known but not re-checked — that second, slower
 * check is what costs ajv most of its speed on a typical event (bench/README.md).
 */
import { Ajv2020, type Options } from 'ajv/dist/2020.js'
import { IDENTITY_KEYWORD, PII_KEYWORD } from '../fields/marks.js'

export const CEBE_KEYWORDS = [PII_KEYWORD, IDENTITY_KEYWORD, 'x-cebe-module', 'x-cebe-version'] as const

/** `options` extends the shared configuration, e.g. `{ code: { source: true } }` for standalone code. */
export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true,
    formats: { 'date-time': true },
    ...options,
  })
  for (const keyword of CEBE_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' })
  return ajv
}
