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
const loaded = new Map<string, ValidateFunction>()
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
    const key = `${name}@${version}`
    let check = loaded.get(key)
    if (!check && CATALOG_VERSIONS[name]?.includes(version)) {
      check = load(`@cebe/schemas/validators/${key}.cjs`) as ValidateFunction
      loaded.set(key, check)
    }
    return check
  },
}
