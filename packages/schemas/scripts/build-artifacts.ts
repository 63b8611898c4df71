/**
 * Writes the generated artifacts:
 * - json-schema/: the JSON Schema of every event version, the envelope and the catalog index —
 *   committed, because they are the reviewed contract (a test checks they are current);
 * - validators/ and src/validation/generated/: the precompiled validators and their index —
 *   build output, not committed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { artifactFiles } from '../src/json-schema/artifact-files.js'
import { standaloneFiles } from '../src/validation/standalone-files.js'

const packageDir = fileURLToPath(new URL('../', import.meta.url))

function writeAll(files: Map<string, string>, prefix = ''): void {
  for (const [path, content] of files) {
    const target = join(packageDir, prefix, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
}

rmSync(join(packageDir, 'json-schema'), { recursive: true, force: true })
rmSync(join(packageDir, 'validators'), { recursive: true, force: true })
const schemas = artifactFiles()
const validators = standaloneFiles()
writeAll(schemas, 'json-schema')
writeAll(validators)
console.log(
  `@cebe/schemas: wrote ${schemas.size} JSON Schema files and ${validators.size - 1} precompiled validators`,
)
