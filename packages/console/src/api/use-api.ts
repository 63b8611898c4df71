/** Loads from the API when its inputs change; the last answer wins, a stale one is dropped. */
import { createContext } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { type ApiClient, ApiError } from './api-client.js'

export const ApiContext = createContext<ApiClient | null>(null)

export function useClient(): ApiClient {
  const client = useContext(ApiContext)
  if (!client) throw new Error('useClient outside a signed-in console')
  return client
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ready'; data: T }

export function useApi<T>(load: (client: ApiClient) => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const client = useClient()
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  useEffect(() => {
    let current = true
    setLoaded({ state: 'loading' })
    load(client).then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => current && setLoaded({ state: 'error', error: asApiError(error) }),
    )
    return () => {
      current = false
    }
  }, [client, ...inputs])
  return loaded
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, 'client', (error as Error).message ?? String(error))
}
