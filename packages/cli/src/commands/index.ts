import type { Command } from 'commander'
import { registerBackfill } from './backfill.js'
import { registerCustomers } from './customers.js'
import { registerDemo } from './demo.js'
import { registerDocs } from './docs.js'
import { registerEvents } from './events.js'
import { registerKeys } from './keys.js'
import { registerMcp } from './mcp.js'
import { registerMetrics } from './metrics.js'
import { registerSchemas } from './schemas.js'
import { registerSegments } from './segments.js'
import { registerServe } from './serve.js'
import { registerValidate } from './validate.js'
import { registerWebhooks } from './webhooks.js'

/** Each command module adds its subcommand(s) to the program. Order is the order of `cebe --help`. */
export type RegisterCommand = (program: Command) => void

export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerSchemas,
  registerDocs,
  registerServe,
  registerKeys,
  registerWebhooks,
  registerBackfill,
  registerDemo,
  registerCustomers,
  registerEvents,
  registerMetrics,
  registerSegments,
  registerMcp,
]
