/** Loading and error states, announced to screen readers. */
import type { ApiError } from '../api/api-client.js'

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  )
}

export function ErrorNote({ error, what }: { error: ApiError; what: string }) {
  const hint =
    error.status === 401
      ? ' The key was not accepted: sign out and sign in with a valid read key.'
      : error.status === 403
        ? ' This key’s role may not see this.'
        : ''
  return (
    <p class="error" role="alert">
      Could not load {what}: {error.message}
      {hint}
    </p>
  )
}
