/**
 * `cebe metrics`: a customer's metrics (`--customer`) or the company's (optionally `--group-by`)
 * from a running server, as a readable table or `--json` (the server's answer as it is).
 */
import { type Command, Option } from 'commander'
import { type ApiFlags, addApiOptions, apiTarget, getJson } from '../api-client.js'
import { CliError } from '../cli-error.js'
import { formatMetricsTable, type MetricsAnswer } from './metrics-table.js'

interface MetricsFlags extends ApiFlags {
  customer?: string
  from?: string
  to?: string
  groupBy?: string
}

export function registerMetrics(program: Command): void {
  addApiOptions(
    program
      .command('metrics')
      .description(
        "read a customer's metrics (--customer) or the company's (optionally --group-by) from a server",
      )
      .option('--customer <id>', "one customer's metrics (qontak_customer_id)")
      .option('--from <time>', 'window start, RFC 3339 (inclusive)')
      .option('--to <time>', 'window end, RFC 3339 (exclusive; default: now)')
      .addOption(
        new Option('--group-by <key>', 'company metrics per campaign or ad platform').choices([
          'campaign_id',
          'ad_platform',
        ]),
      )
      .option('--json', 'print the JSON answer'),
  ).action(async (flags: MetricsFlags) => {
    if (flags.customer !== undefined && flags.groupBy !== undefined) {
      throw new CliError('--group-by is for company metrics; drop --customer or --group-by')
    }
    const path =
      flags.customer === undefined
        ? 'v1/metrics'
        : `v1/customers/${encodeURIComponent(flags.customer)}/metrics`
    const answer = await getJson<MetricsAnswer>(apiTarget(flags), path, {
      from: flags.from,
      to: flags.to,
      group_by: flags.groupBy,
    })
    process.stdout.write(flags.json ? `${JSON.stringify(answer)}\n` : formatMetricsTable(answer))
  })
}
