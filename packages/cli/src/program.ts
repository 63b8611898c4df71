import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error.js'
import { COMMANDS } from './commands/index.js'
import { CLI_VERSION } from './package-info.js'

export function buildProgram(): Command {
  const program = new Command('cebe')
    .description('CEBE — the Customer Event-Based Engine')
    .version(CLI_VERSION, '-V, --version', 'print the version of @cebe/cli')
    // Usage errors are printed by runCli as one `cebe: …` line; commander's own print is silenced.
    // Subcommands inherit both settings because they are set before the commands are added.
    .configureOutput({ outputError: () => undefined })
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
      // Help and version are answers, not failures.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0
      // A command run without its subcommand: commander has printed the help on stderr.
      if (error.code === 'commander.help') return 2
      process.stderr.write(`cebe: ${usageMessage(error.message)}\n`)
      return 2
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

/** commander's "error: unknown option '--x'\n(Did you mean --y?)" as one line with a pointer to help. */
function usageMessage(message: string): string {
  const text = message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
  return `${text} (see cebe --help)`
}
