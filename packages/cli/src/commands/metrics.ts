/**
 * `cebe metrics`: a customer's metrics (`--customer`) or the company's (optionally `--group-by`)
 * from a running server, as a readable table or `--json` (the server's answer as it is).
 */
import { type Command, Option } from 'commander'
import { CliError } from '../cli-error.js'
import { formatMetricsTable, type MetricsAnswer } from './metrics-table.js'

interface MetricsFlags {
  endpoint: string
  key?: string
  customer?: string
  from?: string
  to?: string
  groupBy?: string
  json?: boolean
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description(
      "read a customer's metrics (--customer) or the company's (optionally --group-by) from a server",
    )
    .option('--endpoint <url>', 'the server', process.env.CEBE_ENDPOINT ?? 'http://127.0.0.1:4747')
    .option('--key <key>', 'a read key (default: $CEBE_KEY)')
    .option('--customer <id>', "one customer's metrics (qontak_customer_id)")
    .option('--from <time>', 'window start, RFC 3339 (inclusive)')
    .option('--to <time>', 'window end, RFC 3339 (exclusive; default: now)')
    .addOption(
      new Option('--group-by <key>', 'company metrics per campaign or ad platform').choices([
        'campaign_id',
        'ad_platform',
      ]),
    )
    .option('--json', 'print the JSON answer')
    .action(async (flags: MetricsFlags) => {
      const key = flags.key ?? process.env.CEBE_KEY
      if (!key) throw new CliError('give a read key with --key (or $CEBE_KEY)')
      if (flags.customer !== undefined && flags.groupBy !== undefined) {
        throw new CliError('--group-by is for company metrics; drop --customer or --group-by')
      }
      const answer = await fetchMetrics(flags, key)
      process.stdout.write(flags.json ? `${JSON.stringify(answer)}\n` : formatMetricsTable(answer))
    })
}

async function fetchMetrics(flags: MetricsFlags, key: string): Promise<MetricsAnswer> {
  let base: URL
  try {
    base = new URL(flags.endpoint)
  } catch {
    throw new CliError(`--endpoint is not a URL: ${flags.endpoint}`)
  }
  const path =
    flags.customer === undefined ? 'v1/metrics' : `v1/customers/${encodeURIComponent(flags.customer)}/metrics`
  const url = new URL(path, base.href.endsWith('/') ? base.href : `${base.href}/`)
  if (flags.from) url.searchParams.set('from', flags.from)
  if (flags.to) url.searchParams.set('to', flags.to)
  if (flags.groupBy) url.searchParams.set('group_by', flags.groupBy)
  let response: Response
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${key}` } })
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)
    throw new CliError(`cannot reach ${base.origin}: ${reason}`, 1)
  }
  const body = (await response.json().catch(() => undefined)) as
    | (MetricsAnswer & { error?: { message?: string } })
    | undefined
  if (!response.ok || body === undefined) {
    const message = body?.error?.message ?? `HTTP ${response.status}`
    throw new CliError(`the server answered ${response.status}: ${message}`, 1)
  }
  return body
}
