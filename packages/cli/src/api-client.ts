/**
 * The CLI's HTTP client for a running registry server: `--endpoint` and `--key` (or
 * CEBE_ENDPOINT / CEBE_KEY), JSON in and out, and the server's `{error: {code, message}}` turned
 * into one readable line. `callApi` serves the commands that write (`cebe webhooks`, `cebe
 * backfill`); `getJson` the read commands (`cebe customers`, `cebe events`, `cebe metrics`).
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

export interface ApiTarget {
  endpoint: string
  key: string
}

/** GETs `path` with the query parameters that are set, and answers the parsed JSON body. */
export async function getJson<T>(
  target: ApiTarget,
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<T> {
  const url = new URL(path, target.endpoint.endsWith('/') ? target.endpoint : `${target.endpoint}/`)
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, value)
  let response: Response
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${target.key}`, accept: 'application/json' },
    })
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)
    throw new CliError(`cannot reach ${url.origin} (${reason}); is \`cebe serve\` running there?`, 1)
  }
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new CliError(`${url.origin} answered ${response.status} with a body that is not JSON`, 1)
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error
    throw new CliError(`${response.status} ${error?.code ?? 'error'}: ${error?.message ?? text}`, 1)
  }
  // The route's response schema fixes the shape; the commands read it as that type.
  return body as T
}
