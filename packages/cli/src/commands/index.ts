import type { Command } from 'commander'
import { registerDocs } from './docs.js'
import { registerKeys } from './keys.js'
import { registerMetrics } from './metrics.js'
import { registerSchemas } from './schemas.js'
import { registerServe } from './serve.js'
import { registerValidate } from './validate.js'

/** Each command module adds its subcommand(s) to the program. Order is the order of `cebe --help`. */
export type RegisterCommand = (program: Command) => void

export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerSchemas,
  registerDocs,
  registerServe,
  registerKeys,
  registerMetrics,
]
