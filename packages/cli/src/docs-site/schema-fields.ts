/**
 * Flattens an event's JSON Schema into the rows of its field table: path, type, required,
 * constraints, enum values, PII and identity marks, description — one row per field, nested
 * objects, array items (`[]`) and map values (`*`) included.
 */
import type { JsonSchema } from '@cebe/schemas'

export interface FieldRow {
  /** JSON pointer inside the event, e.g. `/event_attributes/default_fields/*\/value`. */
  pointer: string
  /** The path as written in the table, relative to where the table starts: `default_fields[].value`. */
  path: string
  /** Stable HTML id: `field-` + the path's segments joined by dots (`[]`, `*` → `item`, `key`). */
  anchor: string
  type: string
  required: boolean
  constraints: string[]
  values: string[]
  pii?: string
  identity?: string
  description: string
}

type Node = JsonSchema & Record<string, unknown>

export function fieldRows(schema: JsonSchema, pointer = '', path = ''): FieldRow[] {
  const node = schema as Node
  const rows: FieldRow[] = []
  const required = new Set((node.required as string[] | undefined) ?? [])
  for (const [key, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) {
    const childPath = path ? `${path}.${key}` : key
    rows.push(row(child, `${pointer}/${key}`, childPath, required.has(key)))
    rows.push(...nested(child, `${pointer}/${key}`, childPath))
  }
  return rows
}

function nested(node: Node, pointer: string, path: string): FieldRow[] {
  if (node.properties) return fieldRows(node, pointer, path)
  const items = node.items as Node | undefined
  if (items && typeof items === 'object' && items.properties)
    return fieldRows(items, `${pointer}/*`, `${path}[]`)
  const values = node.additionalProperties as Node | boolean | undefined
  if (values && typeof values === 'object') {
    const mapPath = `${path}.*`
    return [row(values, `${pointer}/*`, mapPath, false), ...nested(values, `${pointer}/*`, mapPath)]
  }
  return []
}

function row(node: Node, pointer: string, path: string, required: boolean): FieldRow {
  const marks = markOf(node)
  return {
    pointer,
    path,
    anchor: fieldAnchor(path),
    type: typeOf(node),
    required,
    constraints: constraintsOf(node),
    values: enumOf(node),
    ...marks,
    description: typeof node.description === 'string' ? node.description : '',
  }
}

export function fieldAnchor(path: string): string {
  return `field-${path.replaceAll('[]', '.item').replaceAll('*', 'key')}`
}

export function typeOf(node: Node): string {
  if (node.const !== undefined) return JSON.stringify(node.const)
  const union = (node.anyOf ?? node.oneOf) as Node[] | undefined
  if (union) return [...new Set(union.map(typeOf))].join(' | ')
  const type = Array.isArray(node.type) ? node.type.join(' | ') : (node.type as string | undefined)
  if (type === 'array') return `array<${node.items ? typeOf(node.items as Node) : 'unknown'}>`
  if (type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object')
    return `map<string, ${typeOf(node.additionalProperties as Node)}>`
  if (node.format === 'date-time') return 'string (date-time)'
  return type ?? 'any'
}

function constraintsOf(node: Node): string[] {
  const out: string[] = []
  const range = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${unit}${min}–${max}`)
    else if (min !== undefined) out.push(`${unit}≥ ${min}`)
    else if (max !== undefined) out.push(`${unit}≤ ${max}`)
  }
  range(node.minLength, node.maxLength, 'length ')
  range(node.minimum, node.maximum, '')
  if (node.exclusiveMinimum !== undefined) out.push(`> ${node.exclusiveMinimum}`)
  if (node.exclusiveMaximum !== undefined) out.push(`< ${node.exclusiveMaximum}`)
  range(node.minItems, node.maxItems, 'items ')
  if (node.type === 'integer') out.push('integer')
  if (node.format === 'date-time') out.push('RFC 3339 with offset')
  else if (typeof node.pattern === 'string') out.push(`pattern \`${node.pattern}\``)
  if (node.additionalProperties === false && node.type === 'object') out.push('closed')
  return out
}

function enumOf(node: Node): string[] {
  if (Array.isArray(node.enum)) return node.enum.map((v) => String(v))
  const union = (node.anyOf ?? node.oneOf) as Node[] | undefined
  return union ? union.flatMap(enumOf) : []
}

function markOf(node: Node): { pii?: string; identity?: string } {
  return {
    ...(typeof node['x-pii'] === 'string' && { pii: node['x-pii'] }),
    ...(typeof node['x-identity'] === 'string' && { identity: node['x-identity'] }),
  }
}
