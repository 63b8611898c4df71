/**
 * `cebe demo`: writes the demo data set (the one `cebe serve --demo` loads) as NDJSON, to feed
 * `cebe backfill`, a test, or a benchmark. Seeded: the same flags and day give the same file.
 */
import { createWriteStream } from 'node:fs'
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { DEMO_DEFAULTS, generateDemoEvents } from '../demo/demo-generator.js'

interface DemoFlags {
  out?: string
  seed: string
  customers: string
  days: string
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write the demo data set (all seven modules, coherent customer stories) as NDJSON')
    .option('--out <file>', 'write here instead of stdout')
    .option('--seed <n>', 'random seed', String(DEMO_DEFAULTS.seed))
    .option('--customers <n>', 'number of customers', String(DEMO_DEFAULTS.customers))
    .option('--days <n>', 'days of history, ending today', String(DEMO_DEFAULTS.days))
    .action(async (flags: DemoFlags) => {
      const events = generateDemoEvents({
        seed: whole(flags.seed, '--seed', 0),
        customers: whole(flags.customers, '--customers', 1),
        days: whole(flags.days, '--days', 1),
      })
      const out: NodeJS.WritableStream = flags.out ? createWriteStream(flags.out) : process.stdout
      // A reader that stops early (`| head`) ends the output; that is not an error.
      let closed = false
      out.on('error', () => {
        closed = true
      })
      for (const event of events) {
        if (closed) break
        if (!out.write(`${JSON.stringify(event)}\n`)) {
          await new Promise<void>((r) => {
            out.once('drain', () => r())
            out.once('error', () => r())
          })
        }
      }
      if (flags.out) {
        await new Promise<void>((resolve, reject) => {
          out.once('error', reject)
          out.end(() => resolve())
          if (closed) reject(new CliError(`cannot write ${flags.out}`, 1))
        })
        process.stderr.write(`${events.length} events written to ${flags.out}\n`)
      }
    })
}

function whole(value: string, flag: string, min: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new CliError(`${flag} must be an integer ≥ ${min}`)
  return n
}
