/**
 * How `cebe validate` reports: `text` for people (one line per problem, then a summary), `json`
 * for tools (one document at the end), `github` for GitHub Actions (workflow annotations that show
 * on the pull request's diff, then the summary).
 */

export const REPORT_FORMATS = ['text', 'json', 'github'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface EventProblem {
  file: string
  line: number
  /** Position in a JSON array, when the input is one. */
  index?: number
  eventName?: string
  eventId?: string
  /** JSON pointer into the event; `''` is the event itself. */
  path: string
  code: string
  message: string
}

export interface ValidationSummary {
  files: number
  events: number
  valid: number
  invalid: number
  errors: number
}

export interface Reporter {
  problem(problem: EventProblem): void
  finish(summary: ValidationSummary): void
}

type Write = (text: string) => void

export function createReporter(format: ReportFormat, write: Write): Reporter {
  if (format === 'json') return jsonReporter(write)
  if (format === 'github') return githubReporter(write)
  return textReporter(write)
}

function textReporter(write: Write): Reporter {
  return {
    problem: (p) => write(`${p.file}:${p.line}: ${subject(p)}: ${p.message}\n`),
    finish: (summary) => write(`${summaryLine(summary)}\n`),
  }
}

function githubReporter(write: Write): Reporter {
  return {
    problem: (p) =>
      write(
        `::error file=${property(p.file)},line=${p.line},title=${property(subject(p))}::${data(p.message)}\n`,
      ),
    finish: (summary) => write(`${summaryLine(summary)}\n`),
  }
}

/** Problems are kept for the one JSON document; `text` and `github` stream them instead. */
function jsonReporter(write: Write): Reporter {
  const problems: EventProblem[] = []
  return {
    problem: (p) => problems.push(p),
    finish: (summary) =>
      write(`${JSON.stringify({ ok: summary.invalid === 0 && summary.events > 0, ...summary, problems })}\n`),
  }
}

function subject(p: EventProblem): string {
  if (p.code === 'invalid_json') return 'invalid JSON'
  const name = p.eventName ?? '(no event_name)'
  return p.path ? `${name} ${p.path}` : name
}

export function summaryLine(s: ValidationSummary): string {
  const files = `${s.files} ${s.files === 1 ? 'file' : 'files'}`
  if (s.events === 0) return `✗ no events found in ${files}`
  if (s.invalid === 0) return `✓ ${s.events} ${s.events === 1 ? 'event' : 'events'} valid in ${files}`
  return `✗ ${s.invalid} of ${s.events} events invalid (${s.errors} ${s.errors === 1 ? 'error' : 'errors'}) in ${files}`
}

/** Workflow-command escaping (actions/toolkit `command.ts`). */
function data(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

function property(text: string): string {
  return data(text).replaceAll(':', '%3A').replaceAll(',', '%2C')
}
