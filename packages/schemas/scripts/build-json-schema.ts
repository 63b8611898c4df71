/** Writes the JSON Schema artifacts into json-schema/ (committed; a test checks they are current). */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { artifactFiles } from '../src/json-schema/artifact-files.js'

const outDir = fileURLToPath(new URL('../json-schema/', import.meta.url))
rmSync(outDir, { recursive: true, force: true })
const files = artifactFiles()
for (const [path, content] of files) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true })
  writeFileSync(join(outDir, path), content)
}
console.log(`@cebe/schemas: wrote ${files.size} JSON Schema files to json-schema/`)
