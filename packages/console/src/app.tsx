/** The console shell: sign-in gate, navigation, and the view of the current address. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ApiClient } from './api/api-client.js'
import { ApiContext } from './api/use-api.js'
import { hrefOf, interceptLinks, parseRoute, type Route, useLocation } from './router.js'
import { forgetKey, savedKey, saveKey } from './session.js'
import { Customer360 } from './views/customer-360.js'
import { Customers } from './views/customers.js'
import { IngestHealth } from './views/ingest-health.js'
import { Overview } from './views/overview.js'
import { Segments } from './views/segments.js'
import { SignIn } from './views/sign-in.js'
import { Webhooks } from './views/webhooks.js'

const NAV: { route: Route; title: string; matches: Route['view'][] }[] = [
  { route: { view: 'overview' }, title: 'Overview', matches: ['overview'] },
  { route: { view: 'customers' }, title: 'Customers', matches: ['customers', 'customer'] },
  { route: { view: 'segments' }, title: 'Segments', matches: ['segments'] },
  { route: { view: 'ingest' }, title: 'Ingest health', matches: ['ingest'] },
  { route: { view: 'webhooks' }, title: 'Webhooks', matches: ['webhooks'] },
]

export function App() {
  const [client, setClient] = useState<ApiClient | null>(() => {
    const key = savedKey()
    return key ? new ApiClient(key) : null
  })
  const { pathname } = useLocation()
  const route = useMemo(() => parseRoute(pathname), [pathname])
  const root = useRef<HTMLDivElement>(null)
  useEffect(() => (root.current ? interceptLinks(root.current) : undefined), [])
  const main = useRef<HTMLElement>(null)
  // A new view moves focus to it, so keyboard and screen-reader users land on the new content.
  useEffect(() => main.current?.focus({ preventScroll: true }), [route])

  if (!client)
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          saveKey(signedIn.key)
          setClient(signedIn)
        }}
      />
    )
  return (
    <ApiContext.Provider value={client}>
      <div ref={root} class="shell">
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">CEBE console</span>
          <nav aria-label="Views">
            <ul>
              {NAV.map((item) => (
                <li key={item.title}>
                  <a
                    href={hrefOf(item.route)}
                    aria-current={item.matches.includes(route.view) ? 'page' : undefined}
                  >
                    {item.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <button
            type="button"
            class="link"
            onClick={() => {
              forgetKey()
              setClient(null)
            }}
          >
            Sign out
          </button>
        </header>
        <main id="main" ref={main} tabIndex={-1}>
          <View route={route} />
        </main>
      </div>
    </ApiContext.Provider>
  )
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'overview':
      return <Overview />
    case 'customers':
      return <Customers />
    case 'customer':
      return <Customer360 key={route.id} id={route.id} />
    case 'segments':
      return <Segments />
    case 'ingest':
      return <IngestHealth />
    case 'webhooks':
      return <Webhooks />
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no view at {route.path}. <a href={hrefOf({ view: 'overview' })}>Go to the overview</a>.
          </p>
        </section>
      )
  }
}
