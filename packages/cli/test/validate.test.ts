import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { cebe, cebeProcess, withTempDir } from './run-cli.js'

const example = (name: string, version?: string) => {
  const entry = getCatalog().find((e) => e.name === name)!
  const chosen = version ? entry.versions.find((v) => v.version === version)! : entry
  return structuredClone(chosen.example) as Record<string, any>
}
const replied = () => example('campaign.replied')
const withoutChannel = () => {
  const event = replied()
  delete event.event_attributes.channel
  return event
}
const ndjson = (events: unknown[]) =>
  `${events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n')}\n`

describe('cebe validate', () => {
  it('accepts a valid JSON event, JSON array and NDJSON file with exit 0 and a summary', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'one.json'), JSON.stringify(replied(), null, 2))
      await writeFile(join(dir, 'many.json'), JSON.stringify([replied(), example('order.paid')], null, 2))
      await writeFile(join(dir, 'stream.ndjson'), ndjson([replied(), example('ticket.created'), replied()]))
      const run = await cebe(
        'validate',
        join(dir, 'one.json'),
        join(dir, 'many.json'),
        join(dir, 'stream.ndjson'),
      )
      expect(run).toMatchObject({ code: 0, stderr: '' })
      expect(run.stdout).toBe('✓ 6 events valid in 3 files\n')
    }))

  it('reports each invalid event with file:line, event_name, JSON path and message, and exits 1', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'events.ndjson')
      await writeFile(file, ndjson([replied(), withoutChannel(), '{"event_name": ', replied()]))
      const run = await cebe('validate', file)
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `${file}:2: campaign.replied /event_attributes/channel: required field "channel" is missing\n`,
      )
      expect(run.stdout).toMatch(new RegExp(`${file}:3: invalid JSON: .+\\n`))
      expect(run.stdout).toMatch(/✗ 2 of 4 events invalid \(2 errors\) in 1 file\n$/)
    }))

  it('points at the line of the offending field in a pretty-printed JSON array', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'events.json')
      const bad = replied()
      bad.event_attributes.campaign_cost = -5
      const text = JSON.stringify([replied(), bad], null, 2)
      await writeFile(file, text)
      const costLine = text.split('\n').findLastIndex((line) => line.includes('"campaign_cost"')) + 1
      const run = await cebe('validate', file, '--format', 'json')
      expect(run.code).toBe(1)
      const report = JSON.parse(run.stdout)
      expect(report).toMatchObject({ ok: false, files: 1, events: 2, valid: 1, invalid: 1, errors: 1 })
      expect(report.problems[0]).toMatchObject({
        file,
        line: costLine,
        index: 1,
        eventName: 'campaign.replied',
        eventId: bad.event_id,
        path: '/event_attributes/campaign_cost',
        code: 'too_small',
      })
    }))

  it('validates against the schema_version an event names, else the latest', () =>
    withTempDir(async (dir) => {
      const v1 = example('order.paid', '1-0-0')
      const v1AsLatest = { ...v1 }
      delete v1AsLatest.schema_version
      const file = join(dir, 'paid.ndjson')
      await writeFile(file, ndjson([v1, v1AsLatest, { ...v1, schema_version: '9-0-0' }]))
      const run = await cebe('validate', file)
      expect(run.code).toBe(1)
      expect(run.stdout).not.toContain(`${file}:1:`)
      expect(run.stdout).toContain(
        `${file}:2: order.paid /event_attributes/order_id: required field "order_id" is missing`,
      )
      expect(run.stdout).toContain(`${file}:3: order.paid /schema_version: order.paid has no version 9-0-0`)
    }))

  it('writes GitHub workflow annotations with --format github', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'events.ndjson')
      await writeFile(file, ndjson([withoutChannel()]))
      const run = await cebe('validate', file, '--format', 'github')
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n')[0]).toBe(
        `::error file=${file},line=1,title=campaign.replied /event_attributes/channel::required field "channel" is missing`,
      )
      expect(run.stdout).toContain('✗ 1 of 1 events invalid (1 error) in 1 file')
    }))

  it('expands globs and reads a one-line JSON array as several events', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.json'), JSON.stringify([replied(), replied()]))
      await writeFile(join(dir, 'b.json'), JSON.stringify(replied()))
      const run = await cebe('validate', `${dir}/*.json`, '--format', 'json')
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, files: 2, events: 3, valid: 3 })
      expect(run.code).toBe(0)
    }))

  it('treats a file without events as a failure, not a pass', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'empty.ndjson'), '\n\n')
      const run = await cebe('validate', join(dir, 'empty.ndjson'))
      expect(run).toMatchObject({ code: 1, stdout: '✗ no events found in 1 file\n' })
    }))

  it('reports a JSON document that never closes at the line it starts', () =>
    withTempDir(async (dir) => {
      await writeFile(
        join(dir, 'cut.json'),
        `[\n${JSON.stringify(replied(), null, 2)},\n  {\n    "event_id": "x",\n`,
      )
      const run = await cebe('validate', join(dir, 'cut.json'))
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/cut\.json:\d+: invalid JSON: unexpected end of input/)
    }))

  it('gives one line and exit 2 for missing files, directories, empty globs, unknown flags and formats', () =>
    withTempDir(async (dir) => {
      const cases: [string[], RegExp][] = [
        [['validate', join(dir, 'nope.json')], /^cebe: no such file: .*nope\.json\n$/],
        [['validate', dir], /^cebe: .* is a directory; pass files or a glob/],
        [['validate', `${dir}/*.ndjson`], /^cebe: no files match /],
        [['validate', 'x.json', '--strict'], /unknown option '--strict'/],
        [['validate', 'x.json', '--format', 'xml'], /argument 'xml' is invalid/],
        [['validate'], /missing required argument 'inputs'/],
      ]
      for (const [argv, message] of cases) {
        const run = await cebe(...argv)
        expect(run.code, argv.join(' ')).toBe(2)
        expect(run.stderr, argv.join(' ')).toMatch(message)
        expect(run.stdout).toBe('')
      }
    }))

  it('reads stdin with - in the built CLI (node dist/cli.js) and sets the process exit code', async () => {
    const valid = await cebeProcess(['validate', '-'], { input: ndjson([replied(), replied()]) })
    expect(valid).toMatchObject({ code: 0, stdout: '✓ 2 events valid in 1 file\n', stderr: '' })
    const invalid = await cebeProcess(['validate', '-'], { input: JSON.stringify(withoutChannel(), null, 2) })
    expect(invalid.code).toBe(1)
    expect(invalid.stdout).toMatch(/^<stdin>:\d+: campaign\.replied \/event_attributes\/channel: /)
    const missing = await cebeProcess(['validate', 'missing.ndjson'])
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: 'cebe: no such file: missing.ndjson\n' })
  })
})
