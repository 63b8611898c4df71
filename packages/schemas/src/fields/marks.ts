/**
 * PII and identity marks. They travel in the zod metadata of a field, appear in the generated
 * JSON Schema as the custom keywords `x-pii` and `x-identity`, and are read back by `readMarks`
 * so the server masks and resolves from the same list the docs render.
 */
export const PII_KINDS = ['phone', 'email', 'name', 'free_text', 'url', 'identifier', 'custom_value'] as const
export type PiiKind = (typeof PII_KINDS)[number]

/** Identifier types the identity resolver indexes (ARCHITECTURE decision 4). */
export const IDENTITY_KINDS = ['phone', 'email', 'bsuid', 'member_id'] as const
export type IdentityKind = (typeof IDENTITY_KINDS)[number]

export const PII_KEYWORD = 'x-pii'
export const IDENTITY_KEYWORD = 'x-identity'

export interface FieldMark {
  /** JSON pointer of the field inside the envelope, e.g. `/event_attributes/phone`; `*` stands for any array item or map key. */
  path: string
  pii?: PiiKind
  identity?: IdentityKind
}

type JsonSchemaNode = { [key: string]: unknown }

/** Walks a JSON Schema and lists every field carrying a PII or identity mark. */
export function readMarks(schema: JsonSchemaNode, path = ''): FieldMark[] {
  const marks: FieldMark[] = []
  const pii = schema[PII_KEYWORD] as PiiKind | undefined
  const identity = schema[IDENTITY_KEYWORD] as IdentityKind | undefined
  if (pii || identity) marks.push({ path, ...(pii && { pii }), ...(identity && { identity }) })

  const properties = schema.properties as Record<string, JsonSchemaNode> | undefined
  for (const [key, child] of Object.entries(properties ?? {}))
    marks.push(...readMarks(child, `${path}/${key}`))
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = schema[key]
    if (child && typeof child === 'object') marks.push(...readMarks(child as JsonSchemaNode, `${path}/*`))
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const child of (schema[key] as JsonSchemaNode[] | undefined) ?? [])
      marks.push(...readMarks(child, path))
  }
  return dedupeMarks(marks)
}

function dedupeMarks(marks: FieldMark[]): FieldMark[] {
  const seen = new Map<string, FieldMark>()
  for (const mark of marks) seen.set(`${mark.path}|${mark.pii}|${mark.identity}`, mark)
  return [...seen.values()]
}
