/**
 * Client-side routes under /console/ on the History API. Six fixed views do not warrant a router
 * package; `cebe serve` answers index.html for every page path, so deep links and reloads work.
 */
import { useEffect, useState } from 'preact/hooks'

export const BASE = '/console'

export type Route =
  | { view: 'overview' }
  | { view: 'customers' }
  | { view: 'customer'; id: string }
  | { view: 'segments' }
  | { view: 'ingest' }
  | { view: 'webhooks' }
  | { view: 'not-found'; path: string }

export function parseRoute(pathname: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'overview')) return { view: 'overview' }
  if (parts[0] === 'customers' && parts.length === 1) return { view: 'customers' }
  if (parts[0] === 'customers' && parts.length === 2) return { view: 'customer', id: parts[1]! }
  if (parts.length === 1 && (parts[0] === 'segments' || parts[0] === 'ingest' || parts[0] === 'webhooks'))
    return { view: parts[0] }
  return { view: 'not-found', path }
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'overview':
      return `${BASE}/`
    case 'customer':
      return `${BASE}/customers/${encodeURIComponent(route.id)}`
    case 'not-found':
      return `${BASE}${route.path}`
    default:
      return `${BASE}/${route.view}`
  }
}

export function navigate(href: string): void {
  if (href === location.pathname + location.search) return
  history.pushState(null, '', href)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useLocation(): { pathname: string; search: string } {
  const [current, setCurrent] = useState({ pathname: location.pathname, search: location.search })
  useEffect(() => {
    const update = () => setCurrent({ pathname: location.pathname, search: location.search })
    addEventListener('popstate', update)
    return () => removeEventListener('popstate', update)
  }, [])
  return current
}

/** Plain left clicks on same-origin console links route in place; everything else is the browser's. */
export function interceptLinks(root: HTMLElement): () => void {
  const onClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return
    const anchor = (event.target as Element | null)?.closest?.('a')
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return
    const url = new URL(anchor.href, location.href)
    if (url.origin !== location.origin || !url.pathname.startsWith(`${BASE}/`)) return
    event.preventDefault()
    navigate(url.pathname + url.search)
  }
  root.addEventListener('click', onClick)
  return () => root.removeEventListener('click', onClick)
}
