/**
 * The CLI's one HTTP client for a running registry server: the `--endpoint` and `--key` options
 * (or CEBE_ENDPOINT / CEBE_KEY) every such command takes, JSON in and out, and the server's
 * `{error: {code, message}}` turned into one readable line. `getJson` is `callApi` for a GET that
 * only reads the body; the MCP server uses both.
 */
import { type Command, Option } from 'commander'
import { CliError } from './cli-error.js'

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4747'

export interface ApiFlags {
  endpoint: string
  key?: string
  json?: boolean
}

export interface ApiTarget {
  endpoint: string
  key: string
}

/** `--endpoint` and `--key` (the kind of key the command needs, like "a read key"). */
export function addApiOptions(command: Command, keyKind = 'a read key'): Command {
  return command
    .addOption(
      new Option('--endpoint <url>', 'the registry server').env('CEBE_ENDPOINT').default(DEFAULT_ENDPOINT),
    )
    .addOption(new Option('--key <key>', `${keyKind} (sent as a Bearer token)`).env('CEBE_KEY'))
}

/** The server and key the options name, checked: an http(s) URL and a key. */
export function apiTarget(flags: ApiFlags, keyKind = 'a read key'): ApiTarget {
  if (!/^https?:\/\//.test(flags.endpoint))
    throw new CliError(`--endpoint must be an http(s) URL; got "${flags.endpoint}"`)
  if (!flags.key)
    throw new CliError(`give ${keyKind} with --key (or CEBE_KEY); \`cebe keys create\` makes one`)
  return { endpoint: flags.endpoint, key: flags.key }
}

export interface ApiRequest {
  method: string
  /** The path, like `/v1/customers`; a leading slash is optional. */
  path: string
  /** Query parameters; those left undefined are not sent. */
  query?: Record<string, string | undefined>
  body?: unknown
  /** A raw body (already encoded) and its headers, instead of JSON. */
  raw?: { data: Uint8Array | string; headers: Record<string, string> }
}

/** One request to the server; a 4xx/5xx becomes a `CliError` reading "<status> <code>: <message>". */
export async function callApi<T>(
  flags: ApiFlags | ApiTarget,
  request: ApiRequest,
): Promise<{ status: number; body: T }> {
  const target = apiTarget(flags, 'an API key')
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.key}`,
    accept: 'application/json',
  }
  let body: string | Uint8Array | undefined
  if (request.raw) {
    Object.assign(headers, request.raw.headers)
    body = request.raw.data
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(request.body)
  }
  const url = new URL(request.path.replace(/^\/+/, ''), target.endpoint.replace(/\/*$/, '/'))
  for (const [name, value] of Object.entries(request.query ?? {}))
    if (value !== undefined) url.searchParams.set(name, value)
  let response: Response
  try {
    response = await fetch(url, { method: request.method, headers, body })
  } catch (error) {
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)
    throw new CliError(`cannot reach ${url.origin} (${reason}); is \`cebe serve\` running there?`, 1)
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
      error
        ? `${response.status} ${error.code}: ${error.message}`
        : `${request.method} ${url.pathname} answered ${response.status}: ${text.slice(0, 200)}`,
      1,
    )
  }
  // The route's response schema fixes the shape; the commands read it as that type.
  return { status: response.status, body: parsed as T }
}

/** GETs `path` with the query parameters that are set, and answers the parsed JSON body. */
export async function getJson<T>(
  target: ApiTarget,
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<T> {
  return (await callApi<T>(target, { method: 'GET', path, query })).body
}
