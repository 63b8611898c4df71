/**
 * `cebe validate <files|globs|->`: checks every event of JSON, JSON-array and NDJSON inputs
 * against the catalog (the version an event names in `schema_version`, else the latest) and
 * exits 0 only when all of them are valid.
 */
import { createReadStream } from 'node:fs'
import { extname } from 'node:path'
import type { Readable } from 'node:stream'
import { EventValidator } from '@cebe/schemas'
import { type Command, Option } from 'commander'
import { CliError } from '../cli-error.js'
import { readError, resolveInputs, STDIN } from '../input-files.js'
import { readEvents } from '../input-reader.js'
import {
  createReporter,
  REPORT_FORMATS,
  type ReportFormat,
  type ValidationSummary,
} from '../report-format.js'

const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl'])

interface ValidateOptions {
  format: ReportFormat
  ndjson?: boolean
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate events in JSON, JSON-array or NDJSON files (or - for stdin) against the catalog')
    .argument('<inputs...>', 'files, globs ("events/**/*.ndjson") or - for stdin')
    .addOption(
      new Option('--format <format>', 'how to report problems').choices(REPORT_FORMATS).default('text'),
    )
    .option('--ndjson', 'read every input as NDJSON, one event per line, whatever its extension')
    .addHelpText(
      'after',
      '\nExit codes: 0 every event is valid · 1 some event is invalid (or none was found) · 2 usage error or unreadable input',
    )
    .action(async (inputs: string[], options: ValidateOptions) => {
      process.exitCode = await validateInputs(inputs, options)
    })
}

async function validateInputs(patterns: string[], options: ValidateOptions): Promise<number> {
  const files = await resolveInputs(patterns)
  const reporter = createReporter(options.format, (text) => process.stdout.write(text))
  const validator = new EventValidator()
  const summary: ValidationSummary = { files: files.length, events: 0, valid: 0, invalid: 0, errors: 0 }

  for (const file of files) {
    const label = file === STDIN ? '<stdin>' : file
    const ndjson = options.ndjson || NDJSON_EXTENSIONS.has(extname(file).toLowerCase())
    try {
      for await (const record of readEvents(open(file), { ndjson })) {
        summary.events++
        if ('syntaxError' in record) {
          summary.invalid++
          summary.errors++
          reporter.problem({
            file: label,
            line: record.line,
            path: '',
            code: 'invalid_json',
            message: record.syntaxError,
          })
          continue
        }
        const result = validator.validate(record.value)
        if (result.ok) {
          summary.valid++
          continue
        }
        summary.invalid++
        summary.errors += result.errors.length
        const event = isObject(record.value) ? record.value : {}
        for (const error of result.errors) {
          reporter.problem({
            file: label,
            line: record.lineOf(error.path),
            ...(record.index !== undefined && { index: record.index }),
            ...(typeof event.event_name === 'string' && { eventName: event.event_name }),
            ...(typeof event.event_id === 'string' && { eventId: event.event_id }),
            path: error.path,
            code: error.code,
            message: error.message,
          })
        }
      }
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError(readError(label, error))
    }
  }
  reporter.finish(summary)
  return summary.invalid === 0 && summary.events > 0 ? 0 : 1
}

function open(file: string): Readable {
  return file === STDIN ? process.stdin : createReadStream(file, { encoding: 'utf8' })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
