/** The built package loads from both ESM `import` and CJS `require`, main and `/testing` entries. */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()

describe('built package', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'pipe' })
  }, 120_000)

  it('loads with require (CJS)', () => {
    const out = node([
      '-e',
      "const s = require('@cebe/sdk'); const t = require('@cebe/sdk/testing'); console.log(typeof s.createClient, typeof s.CebeError, typeof t.createTestClient)",
    ])
    expect(out).toBe('function function function')
  })

  it('loads with import (ESM) and tracks through the testing client', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const { createClient } = await import('@cebe/sdk')
       const { createTestClient } = await import('@cebe/sdk/testing')
       const { getCatalog } = await import('@cebe/schemas')
       const example = getCatalog().find((e) => e.name === 'ticket.created').example
       const cebe = createTestClient({ sourceModule: 'ticketing' })
       await cebe.track('ticket.created', { qontak_customer_id: 'c1', actor: example.actor, attributes: example.event_attributes })
       const events = await cebe.tracked('ticket.created')
       await cebe.shutdown()
       console.log(typeof createClient, events.length)`,
    ])
    expect(out).toBe('function 1')
  })
})
