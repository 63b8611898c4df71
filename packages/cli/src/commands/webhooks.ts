/**
 * `cebe webhooks create|list|get|delete|dead-letters|replay`: webhook subscriptions of a running
 * server, through its HTTP API with an admin read key.
 */
import type { Command } from 'commander'
import { type ApiFlags, addApiOptions, callApi } from '../api-client.js'
import { CliError } from '../cli-error.js'

interface Subscription {
  id: string
  url: string
  events: string[]
  filter: Record<string, unknown> | null
  segments?: { transition: string; segment_id: string | null }[]
  status: string
  disabled_reason?: string | null
  secret?: string
  deliveries?: { pending: number; delivered: number; dead: number }
}

interface DeadLetter {
  delivery_id: string
  event_id: string
  event_name: string
  attempts: number
  last_status: number | null
  last_error: string | null
  failed_at: string | null
}

type Flags = ApiFlags & { json?: boolean }

const ADMIN_KEY = 'an admin read key'

export function registerWebhooks(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description('manage webhook subscriptions and dead letters of a running server')

  addApiOptions(
    webhooks
      .command('create')
      .description(
        'subscribe a URL to event patterns or segment entries/exits; prints the signing secret once',
      )
      .requiredOption('--url <url>', 'where deliveries are POSTed')
      .option('--events <patterns>', 'comma-separated: event names, "prefix.*" or "*"')
      .option(
        '--segments <transitions>',
        'comma-separated: segment.entered or segment.exited, ":<segment id>" for one segment (e.g. segment.entered:seg_…)',
      )
      .option('--filter <json>', 'attribute filter, e.g. \'{"channel":"whatsapp"}\'')
      .option('--secret <whsec>', 'your own whsec_ secret (generated when absent)')
      .option('--description <text>', 'a label for people')
      .option('--json', 'print JSON'),
    ADMIN_KEY,
  ).action(
    async (
      flags: Flags & {
        url: string
        events?: string
        segments?: string
        filter?: string
        secret?: string
        description?: string
      },
    ) => {
      if (flags.events === undefined && flags.segments === undefined)
        throw new CliError('give --events, --segments or both')
      const body = {
        url: flags.url,
        events: splitList(flags.events ?? ''),
        ...(flags.segments !== undefined && {
          segments: splitList(flags.segments).map(parseSegmentTransition),
        }),
        ...(flags.filter !== undefined && { filter: parseJson(flags.filter, '--filter') }),
        ...(flags.secret !== undefined && { secret: flags.secret }),
        ...(flags.description !== undefined && { description: flags.description }),
      }
      const { body: created } = await callApi<Subscription>(flags, {
        method: 'POST',
        path: '/v1/webhooks',
        body,
      })
      if (flags.json) return print(created)
      process.stdout.write(`${created.secret}\n`)
      process.stderr.write(`${describe(created)}\nStore the secret now: it is not shown again.\n`)
    },
  )

  addApiOptions(
    webhooks.command('list').description('list subscriptions').option('--json', 'print JSON'),
    ADMIN_KEY,
  ).action(async (flags: Flags) => {
    const { body } = await callApi<{ webhooks: Subscription[] }>(flags, {
      method: 'GET',
      path: '/v1/webhooks',
    })
    if (flags.json) return print(body)
    if (body.webhooks.length === 0) process.stdout.write('no webhooks\n')
    for (const s of body.webhooks) process.stdout.write(`${describe(s)}\n`)
  })

  addApiOptions(
    webhooks
      .command('get')
      .description('one subscription and its delivery counts')
      .argument('<id>')
      .option('--json', 'print JSON'),
    ADMIN_KEY,
  ).action(async (id: string, flags: Flags) => {
    const { body } = await callApi<Subscription>(flags, {
      method: 'GET',
      path: `/v1/webhooks/${encodeURIComponent(id)}`,
    })
    if (flags.json) return print(body)
    const d = body.deliveries
    process.stdout.write(
      `${describe(body)}\n${d ? `deliveries: ${d.pending} pending, ${d.delivered} delivered, ${d.dead} dead\n` : ''}`,
    )
  })

  addApiOptions(
    webhooks.command('delete').description('delete a subscription').argument('<id>'),
    ADMIN_KEY,
  ).action(async (id: string, flags: Flags) => {
    await callApi(flags, { method: 'DELETE', path: `/v1/webhooks/${encodeURIComponent(id)}` })
    process.stderr.write(`deleted ${id}\n`)
  })

  addApiOptions(
    webhooks
      .command('dead-letters')
      .description('deliveries that spent their retry budget, newest first')
      .argument('<id>', 'subscription id')
      .option('--limit <n>', 'at most this many', '100')
      .option('--json', 'print JSON'),
    ADMIN_KEY,
  ).action(async (id: string, flags: Flags & { limit: string }) => {
    const { body } = await callApi<{ deliveries: DeadLetter[]; next_cursor: string | null }>(flags, {
      method: 'GET',
      path: `/v1/webhooks/${encodeURIComponent(id)}/dead-letters?limit=${encodeURIComponent(flags.limit)}`,
    })
    if (flags.json) return print(body)
    if (body.deliveries.length === 0) process.stdout.write('no dead letters\n')
    for (const d of body.deliveries) {
      process.stdout.write(
        `${d.delivery_id}  ${d.event_name} ${d.event_id}  ${d.attempts} attempts, last: ${d.last_error ?? d.last_status ?? '?'}  (${d.failed_at})\n`,
      )
    }
  })

  addApiOptions(
    webhooks
      .command('replay')
      .description('send dead letters again (same delivery ids, fresh retry budget)')
      .argument('<id>', 'subscription id')
      .option('--delivery <ids...>', 'only these delivery ids (default: all dead letters)')
      .option('--json', 'print JSON'),
    ADMIN_KEY,
  ).action(async (id: string, flags: Flags & { delivery?: string[] }) => {
    const { body } = await callApi<{ replayed: number }>(flags, {
      method: 'POST',
      path: `/v1/webhooks/${encodeURIComponent(id)}/dead-letters/replay`,
      body: flags.delivery ? { delivery_ids: flags.delivery } : {},
    })
    if (flags.json) return print(body)
    process.stdout.write(`replayed ${body.replayed}\n`)
  })
}

function describe(s: Subscription): string {
  const filter = s.filter ? ` filter ${JSON.stringify(s.filter)}` : ''
  const status =
    s.status === 'enabled' ? '' : ` [${s.status}${s.disabled_reason ? `: ${s.disabled_reason}` : ''}]`
  const what = [
    ...s.events,
    ...(s.segments ?? []).map((x) => (x.segment_id ? `${x.transition}:${x.segment_id}` : x.transition)),
  ]
  return `${s.id}  ${s.url}  ${what.join(',')}${filter}${status}`
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
}

/** `segment.entered` (any segment) or `segment.exited:seg_…` (one segment). */
function parseSegmentTransition(item: string): { transition: string; segment_id?: string } {
  const [transition = '', segmentId] = item.split(/:(.*)/s)
  if (transition !== 'segment.entered' && transition !== 'segment.exited')
    throw new CliError(
      `--segments: "${item}" is not segment.entered or segment.exited (optionally ":<segment id>")`,
    )
  return segmentId ? { transition, segment_id: segmentId } : { transition }
}

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new CliError(`${flag} is not JSON: ${text}`)
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}
