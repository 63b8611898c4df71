/**
 * The CLI's HTTP client for a running registry server (`cebe webhooks`, `cebe backfill`):
 * `--endpoint` and `--key` (or CEBE_ENDPOINT / CEBE_KEY), JSON in and out, and the server's
 * `{error: {code, message}}` turned into one readable line.
 */
import { type Command, Option } from 'commander'
import { CliError } from './cli-error.js'

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4747'

export interface ApiFlags {
  endpoint: string
  key?: string
}

export function addApiOptions(command: Command, keyKind: string): Command {
  return command
    .addOption(
      new Option('--endpoint <url>', 'the registry server').env('CEBE_ENDPOINT').default(DEFAULT_ENDPOINT),
    )
    .addOption(new Option('--key <key>', `${keyKind} (sent as a Bearer token)`).env('CEBE_KEY'))
}

export interface ApiRequest {
  method: string
  path: string
  body?: unknown
  /** A raw body (already encoded) and its headers, instead of JSON. */
  raw?: { data: Uint8Array | string; headers: Record<string, string> }
}

export async function callApi<T>(flags: ApiFlags, request: ApiRequest): Promise<{ status: number; body: T }> {
  if (!flags.key) throw new CliError('give the API key with --key or CEBE_KEY')
  const headers: Record<string, string> = { authorization: `Bearer ${flags.key}` }
  let body: string | Uint8Array | undefined
  if (request.raw) {
    Object.assign(headers, request.raw.headers)
    body = request.raw.data
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(request.body)
  }
  const url = `${flags.endpoint.replace(/\/+$/, '')}${request.path}`
  let response: Response
  try {
    response = await fetch(url, { method: request.method, headers, body })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new CliError(`cannot reach ${flags.endpoint}${cause ? ` (${cause})` : ''}`, 1)
  }
  const text = await response.text()
  let parsed: unknown = null
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = text
    }
  }
  if (response.status >= 400) {
    const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error
    throw new CliError(
      `${request.method} ${request.path} answered ${response.status}${error ? ` ${error.code}: ${error.message}` : ''}`,
      1,
    )
  }
  return { status: response.status, body: parsed as T }
}
