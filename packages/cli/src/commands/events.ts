/**
 * `cebe events`: the company's event feed from a running server (read key), newest first — every
 * event, with a customer or not — as a table, or the server's JSON with `--json`.
 */
import type { Command } from 'commander'
import { type ApiFlags, addApiOptions, apiTarget, getJson } from '../api-client.js'
import type { FeedPage } from '../read-types.js'
import { cellOf, formatTable } from '../table-format.js'

interface EventsFlags extends ApiFlags {
  from?: string
  to?: string
  events?: string
  modules?: string
  limit?: string
  cursor?: string
}

export function registerEvents(program: Command): void {
  addApiOptions(
    program
      .command('events')
      .description("the company's event feed, newest first (read key)")
      .option('--from <time>', 'RFC 3339; events at or after it')
      .option('--to <time>', 'RFC 3339; events before it')
      .option('--events <names>', 'comma-separated event names')
      .option('--modules <names>', 'comma-separated source modules')
      .option('--limit <n>', 'events per page (1–500, default 50)')
      .option('--cursor <cursor>', 'next_cursor of the previous page')
      .option('--json', 'print the server’s JSON answer'),
  ).action(async (flags: EventsFlags) => {
    const page = await getJson<FeedPage>(apiTarget(flags), 'v1/events', {
      from: flags.from,
      to: flags.to,
      events: flags.events,
      modules: flags.modules,
      limit: flags.limit,
      cursor: flags.cursor,
    })
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(page)}\n`)
      return
    }
    if (page.events.length === 0) process.stdout.write('no events\n')
    else {
      const rows = page.events.map((e) => [
        cellOf(e.event_timestamp),
        cellOf(e.event_name),
        cellOf(e.source_module),
        cellOf(e.qontak_customer_id),
        cellOf(e.event_id),
      ])
      process.stdout.write(`${formatTable(['TIME', 'EVENT', 'MODULE', 'CUSTOMER', 'EVENT ID'], rows)}\n`)
    }
    if (page.next_cursor) process.stderr.write(`more: --cursor ${page.next_cursor}\n`)
  })
}
