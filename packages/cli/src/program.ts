import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error.js'
import { COMMANDS } from './commands/index.js'

export function buildProgram(): Command {
  const program = new Command('cebe')
    .description('CEBE — the Customer Event-Based Engine')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const register of COMMANDS) register(program)
  return program
}

/**
 * Runs the CLI and returns the exit code: 0 on success, the command's own code, 2 for usage
 * errors (unknown flags, missing files). Errors are one line on stderr, never a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message; help and version are not failures.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2
    }
    if (error instanceof CliError) {
      process.stderr.write(`cebe: ${error.message}\n`)
      return error.exitCode
    }
    process.stderr.write(
      `cebe: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return 1
  }
}
