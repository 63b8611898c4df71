/**
 * `cebe schemas export --out <dir>` writes the JSON Schema artifacts other languages' CI loads;
 * `cebe schemas diff --base <dir|npm version|git ref>` is the breaking-change gate: it exits 1
 * when an event changed without the SchemaVer bump its changes need.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { artifactFiles, catalogSnapshot, checkCompatibility, getCatalog } from '@cebe/schemas'
import { type Command, Option } from 'commander'
import { type CatalogSource, loadCatalogSource, SCHEMAS_PACKAGE } from '../catalog-source.js'
import { CliError } from '../cli-error.js'
import { formatDiff } from '../diff-report.js'

export function registerSchemas(program: Command): void {
  const schemas = program
    .command('schemas')
    .description('export the JSON Schema artifacts; gate schema changes')

  schemas
    .command('export')
    .description('write the JSON Schema artifacts (envelope, catalog index, every event version) to a folder')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .action(async (options: { out: string }) => {
      const files = artifactFiles()
      try {
        for (const [path, content] of files) {
          await mkdir(dirname(join(options.out, path)), { recursive: true })
          await writeFile(join(options.out, path), content)
        }
      } catch (error) {
        throw new CliError(`cannot write to ${options.out}: ${(error as Error).message}`)
      }
      process.stdout.write(
        `wrote ${files.size} files to ${options.out} (catalog.json, envelope.json, events/)\n`,
      )
      process.exitCode = 0
    })

  schemas
    .command('diff')
    .description(
      'compare a published catalog with the working one; exit 1 when a change lacks its version bump',
    )
    .requiredOption(
      '--base <source>',
      'export folder, npm version (0.1.0, npm:<spec>, .tgz) or git ref (git:<ref>)',
    )
    .option('--head <source>', 'compare with this instead of the working catalog (same forms as --base)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExit codes: 0 compatible (or correctly versioned) · 1 a change lacks the SchemaVer bump it needs, a published version was edited or removed · 2 usage error or unreadable base',
    )
    .action(async (options: { base: string; head?: string; format: 'text' | 'json' }) => {
      const base = await loadCatalogSource(options.base)
      const head = options.head ? await loadCatalogSource(options.head) : workingCatalog()
      const report = checkCompatibility(base.snapshot, head.snapshot)
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify({ base: base.label, head: head.label, ...report })}\n`
          : formatDiff(report, base.label, head.label),
      )
      process.exitCode = report.ok ? 0 : 1
    })
}

function workingCatalog(): CatalogSource {
  const { version } = createRequire(import.meta.url)(`${SCHEMAS_PACKAGE}/package.json`) as { version: string }
  return {
    label: `the working catalog (${SCHEMAS_PACKAGE} ${version})`,
    snapshot: catalogSnapshot(getCatalog()),
  }
}
