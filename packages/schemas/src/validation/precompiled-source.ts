/**
 * The catalog's validators as precompiled ajv standalone modules (`validators/*.cjs`), each
 * required on first use: the fast path loads no zod and no ajv compiler, only the version an
 * event names.
 */
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'
import type { ValidatorSource } from './dispatch.js'
import { CATALOG_VERSIONS } from './generated/catalog-versions.js'
import { compareSchemaVer } from './schema-ver.js'

const load = createRequire(import.meta.url)
/** name → version → validator; nested maps, so the hot path builds no key string. */
const loaded = new Map<string, Map<string, ValidateFunction>>()
const latest = new Map(
  Object.entries(CATALOG_VERSIONS).map(([name, versions]) => [
    name,
    [...versions].sort(compareSchemaVer).at(-1)!,
  ]),
)

export const precompiledSource: ValidatorSource = {
  names: () => latest.keys(),
  latest: (name) => latest.get(name),
  versions: (name) => CATALOG_VERSIONS[name] ?? [],
  compiled(name, version) {
    const check = loaded.get(name)?.get(version)
    if (check || !CATALOG_VERSIONS[name]?.includes(version)) return check
    const required = load(`@cebe/schemas/validators/${name}@${version}.cjs`) as ValidateFunction
    const versions = loaded.get(name) ?? new Map<string, ValidateFunction>()
    versions.set(version, required)
    loaded.set(name, versions)
    return required
  },
}
