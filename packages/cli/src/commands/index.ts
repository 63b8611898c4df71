import type { Command } from 'commander'

/** Each command module adds its subcommand(s) to the program. Order is the order of `cebe --help`. */
export type RegisterCommand = (program: Command) => void

export const COMMANDS: readonly RegisterCommand[] = []
