/**
 * Sign-in with a read key. The key is checked against the API (one customer search) and kept in
 * this tab's sessionStorage; the form posts nowhere, so the key never lands in a URL.
 */
import { useState } from 'preact/hooks'
import { ApiClient } from '../api/api-client.js'
import { asApiError } from '../api/use-api.js'

export function SignIn({ onSignedIn }: { onSignedIn: (client: ApiClient) => void }) {
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <main class="sign-in">
      <h1>CEBE console</h1>
      <p>Sign in with a read key. What you see is what the API shows that key’s role.</p>
      <form
        method="post"
        onSubmit={async (e) => {
          e.preventDefault()
          const trimmed = key.trim()
          if (!trimmed) return setError('Paste a read key (cebe_r_…).')
          setBusy(true)
          setError(null)
          const client = new ApiClient(trimmed)
          try {
            await client.get('/v1/customers', { limit: 1 })
            onSignedIn(client)
          } catch (failure) {
            const apiError = asApiError(failure)
            setError(apiError.status === 401 ? 'That key was not accepted.' : apiError.message)
          } finally {
            setBusy(false)
          }
        }}
      >
        <label for="read-key">Read key</label>
        <input
          id="read-key"
          name="read-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          placeholder="cebe_r_…"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
      </form>
      <p class="muted">
        No key? <code>npx cebe keys create --company &lt;id&gt; --type read --role analyst --json</code>, or
        start the demo with <code>npm start</code>, which prints one.
      </p>
    </main>
  )
}
