/**
 * The console's only way to data: the server's HTTP API with the signed-in read key. What a role
 * may see is what the API answers for that key; the console adds no access of its own.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export type Query = Record<string, string | number | readonly string[] | undefined | null>

export class ApiClient {
  constructor(
    readonly key: string,
    private readonly base = '',
  ) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', withQuery(path, query))
  }

  post<T>(path: string, body?: unknown, query: Query = {}): Promise<T> {
    return this.request<T>('POST', withQuery(path, query), body)
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    } catch (error) {
      throw new ApiError(0, 'network', `the server did not answer: ${(error as Error).message}`)
    }
    const text = await response.text()
    const parsed = text ? safeJson(text) : undefined
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } })?.error
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `${method} ${path.split('?')[0]} answered ${response.status}`,
        error?.details,
      )
    }
    return parsed as T
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(','))
    } else params.set(name, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}
