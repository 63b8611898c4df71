/**
 * `cebe customers show <id>` (the 360 profile) and `cebe customers find [q]` (search), against a
 * running server with a read key: a readable summary, or the server's JSON with `--json`.
 */
import type { Command } from 'commander'
import { type ApiFlags, addApiOptions, apiTarget, getJson } from '../api-client.js'
import { CliError } from '../cli-error.js'
import type { Profile, SearchPage } from '../read-types.js'
import { cellOf, formatTable } from '../table-format.js'

interface FindFlags extends ApiFlags {
  segment?: string
  limit?: string
  cursor?: string
}

export function registerCustomers(program: Command): void {
  const customers = program
    .command('customers')
    .description('read customers from a running server (read key)')

  addApiOptions(
    customers
      .command('show')
      .description('a customer 360 profile')
      .argument('<id>', 'qontak_customer_id')
      .option('--json', 'print the server’s JSON answer'),
  ).action(async (id: string, flags: ApiFlags) => {
    const profile = await getJson<Profile>(apiTarget(flags), `v1/customers/${encodeURIComponent(id)}`)
    process.stdout.write(flags.json ? `${JSON.stringify(profile)}\n` : `${describeProfile(profile)}\n`)
  })

  addApiOptions(
    customers
      .command('find')
      .description('find customers by id prefix, identifier or attribute text; all customers without q')
      .argument('[q]', 'what to look for')
      .option('--segment <id>', 'only current members of this segment')
      .option('--limit <n>', 'customers per page (1–100, default 20)')
      .option('--cursor <cursor>', 'next_cursor of the previous page')
      .option('--json', 'print the server’s JSON answer'),
  ).action(async (q: string | undefined, flags: FindFlags) => {
    const page = await getJson<SearchPage>(apiTarget(flags), 'v1/customers', {
      q,
      segment: flags.segment,
      limit: flags.limit,
      cursor: flags.cursor,
    })
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(page)}\n`)
      return
    }
    if (page.customers.length === 0) process.stdout.write('no customers found\n')
    else {
      const rows = page.customers.map((c) => [
        c.customer_id,
        cellOf(c.display_name),
        c.identifiers.map((i) => `${i.kind}:${i.value}`).join(' ') || '-',
        cellOf(c.last_event_at),
      ])
      process.stdout.write(`${formatTable(['CUSTOMER', 'NAME', 'IDENTIFIERS', 'LAST EVENT'], rows)}\n`)
    }
    if (page.next_cursor) process.stderr.write(`more: --cursor ${page.next_cursor}\n`)
  })
}

function describeProfile(p: Profile): string {
  if (!p || typeof p !== 'object' || typeof p.customer_id !== 'string')
    throw new CliError('the server answered something that is not a profile', 1)
  const lines = [
    `customer    ${p.customer_id}${p.display_name ? `  (${p.display_name})` : ''}`,
    `seen        ${p.first_seen} … ${p.last_seen}`,
    `events      ${p.events_total}  ${Object.entries(p.event_counts)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ')}`,
    `identifiers ${p.identifiers.map((i) => `${i.kind}:${i.value}`).join('  ') || '-'}`,
    `segments    ${p.segments.map((s) => s.segment_id).join(', ') || '-'}`,
    `loyalty     ${
      p.loyalty.member ? `member of ${p.loyalty.programs.join(', ')}` : 'not a member'
    }, tier ${cellOf(p.loyalty.tier)}, points ${cellOf(p.loyalty.available_points)}`,
  ]
  const fields = [
    ...Object.entries(p.attributes.default_fields),
    ...Object.entries(p.attributes.custom_fields).map(([k, v]) => [`${k} (custom)`, v] as const),
  ]
  if (fields.length > 0) {
    lines.push('attributes')
    const width = Math.max(...fields.map(([k]) => k.length))
    for (const [name, value] of fields) lines.push(`  ${name.padEnd(width)}  ${cellOf(value)}`)
  }
  if (p.health) lines.push(`health      ${cellOf(p.health.score)}`)
  return lines.join('\n')
}
