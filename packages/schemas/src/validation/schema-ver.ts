import { SCHEMAVER_PATTERN, type SchemaVer } from '../envelope/envelope-constants.js'

export function isSchemaVer(value: string): value is SchemaVer {
  return SCHEMAVER_PATTERN.test(value)
}

/** Orders SchemaVer strings numerically: `1-10-0` comes after `1-2-0`. */
export function compareSchemaVer(a: string, b: string): number {
  const [x, y] = [a.split('-').map(Number), b.split('-').map(Number)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}
