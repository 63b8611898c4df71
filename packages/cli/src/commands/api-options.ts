/**
 * The options every command that reads from a running server shares: `--endpoint <url>` (env
 * CEBE_ENDPOINT; default http://127.0.0.1:4747), `--key <read key>` (env CEBE_KEY) and `--json`.
 */
import type { Command } from 'commander'
import type { ApiTarget } from '../api-client.js'
import { CliError } from '../cli-error.js'

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4747'

export interface ApiFlags {
  endpoint?: string
  key?: string
  json?: boolean
}

export function addApiOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', `server URL (env CEBE_ENDPOINT; default ${DEFAULT_ENDPOINT})`)
    .option('--key <key>', 'a read key (env CEBE_KEY)')
    .option('--json', 'print the server’s JSON answer')
}

export function apiTarget(flags: ApiFlags, env: NodeJS.ProcessEnv = process.env): ApiTarget {
  const endpoint = flags.endpoint ?? env.CEBE_ENDPOINT ?? DEFAULT_ENDPOINT
  if (!/^https?:\/\//.test(endpoint))
    throw new CliError(`--endpoint must be an http(s) URL; got "${endpoint}"`)
  const key = flags.key ?? env.CEBE_KEY
  if (!key)
    throw new CliError('give a read key with --key (or CEBE_KEY); `cebe keys create --type read` makes one')
  return { endpoint, key }
}
