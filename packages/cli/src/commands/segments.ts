/**
 * `cebe segments preview|create|list|members|delete`: segment rules against a running server.
 * A rule is read from a JSON file (`-` for stdin); output is readable, or the server's JSON
 * answer with `--json`. Previews and members need a read key; create and delete an admin or
 * marketing read key.
 */
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { type ApiFlags, addApiOptions, callApi } from '../api-client.js'
import { CliError } from '../cli-error.js'

interface MembersPage {
  count: number
  members: { customer_id: string; display_name?: string | null }[]
  next_cursor: string | null
}

interface Segment {
  id: string
  name: string
  rule: unknown
  created_at: string
}

type Flags = ApiFlags & { json?: boolean }
type PageFlags = Flags & { cursor?: string; limit?: string }

const READ_KEY = 'a read key'
const EDITOR_KEY = 'an admin or marketing read key'

export function registerSegments(program: Command): void {
  const segments = program
    .command('segments')
    .description('preview segment rules and manage saved segments of a running server')

  addApiOptions(
    paged(
      segments
        .command('preview')
        .description("count and list a rule's members now, without saving it")
        .argument('<rule.json>', 'a file holding the rule ("-": stdin)'),
    ),
    READ_KEY,
  ).action(async (file: string, flags: PageFlags) => {
    const rule = await readRule(file)
    const { body } = await callApi<MembersPage>(flags, {
      method: 'POST',
      path: `/v1/segments/preview${pageQuery(flags)}`,
      body: { rule },
    })
    printPage(body, flags)
  })

  addApiOptions(
    segments
      .command('create')
      .description('save a rule under a name; prints the new segment id')
      .requiredOption('--name <name>', 'a name for people')
      .argument('<rule.json>', 'a file holding the rule ("-": stdin)')
      .option('--json', 'print JSON'),
    EDITOR_KEY,
  ).action(async (file: string, flags: Flags & { name: string }) => {
    const rule = await readRule(file)
    const { body } = await callApi<Segment>(flags, {
      method: 'POST',
      path: '/v1/segments',
      body: { name: flags.name, rule },
    })
    if (flags.json) return print(body)
    process.stdout.write(`${body.id}\n`)
  })

  addApiOptions(
    segments.command('list').description('list saved segments').option('--json', 'print JSON'),
    READ_KEY,
  ).action(async (flags: Flags) => {
    const { body } = await callApi<{ segments: Segment[] }>(flags, { method: 'GET', path: '/v1/segments' })
    if (flags.json) return print(body)
    if (body.segments.length === 0) process.stdout.write('no segments\n')
    for (const s of body.segments) process.stdout.write(`${s.id}  ${s.name}  ${JSON.stringify(s.rule)}\n`)
  })

  addApiOptions(
    paged(segments.command('members').description("a saved segment's members now").argument('<id>')),
    READ_KEY,
  ).action(async (id: string, flags: PageFlags) => {
    const { body } = await callApi<MembersPage>(flags, {
      method: 'GET',
      path: `/v1/segments/${encodeURIComponent(id)}/members${pageQuery(flags)}`,
    })
    printPage(body, flags)
  })

  addApiOptions(
    segments.command('delete').description('delete a saved segment').argument('<id>'),
    EDITOR_KEY,
  ).action(async (id: string, flags: Flags) => {
    await callApi(flags, { method: 'DELETE', path: `/v1/segments/${encodeURIComponent(id)}` })
    process.stderr.write(`deleted ${id}\n`)
  })
}

function paged(command: Command): Command {
  return command
    .option('--limit <n>', 'members per page (1–1000, default 100)')
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .option('--json', 'print JSON')
}

function pageQuery(flags: PageFlags): string {
  const query = new URLSearchParams()
  if (flags.limit !== undefined) query.set('limit', flags.limit)
  if (flags.cursor !== undefined) query.set('cursor', flags.cursor)
  const text = query.toString()
  return text ? `?${text}` : ''
}

async function readRule(file: string): Promise<unknown> {
  let text: string
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`)
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

function printPage(page: MembersPage, flags: PageFlags): void {
  if (flags.json) {
    print(page)
    return
  }
  const shown = page.members.length
  process.stdout.write(
    `${page.count} member${page.count === 1 ? '' : 's'}${shown < page.count ? ` (showing ${shown})` : ''}\n`,
  )
  for (const m of page.members)
    process.stdout.write(`${m.customer_id}${m.display_name ? `  ${m.display_name}` : ''}\n`)
  if (page.next_cursor) process.stdout.write(`more: --cursor ${page.next_cursor}\n`)
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}
