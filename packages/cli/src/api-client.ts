/**
 * The read commands' HTTP client: one GET against a running registry server with a read key.
 * A server error becomes one line (`cebe: <status> <code>: <message>`), exit code 1; a server
 * that cannot be reached says where it was looked for.
 */
import { CliError } from './cli-error.js'

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
