/** Console addresses: every view's path parses back to it; anything else is "not found". */
import { describe, expect, it } from 'vitest'
import { hrefOf, parseRoute, type Route } from '../src/router.js'

describe('routes', () => {
  it('round-trip through their addresses, ids encoded', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'customers' },
      { view: 'customer', id: 'cust 0001/x' },
      { view: 'segments' },
      { view: 'ingest' },
      { view: 'webhooks' },
    ]
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route)
    expect(hrefOf({ view: 'customer', id: 'cust 0001/x' })).toBe('/console/customers/cust%200001%2Fx')
  })

  it('reads /console and /console/overview as the overview, and unknown paths as not found', () => {
    expect(parseRoute('/console')).toEqual({ view: 'overview' })
    expect(parseRoute('/console/overview')).toEqual({ view: 'overview' })
    expect(parseRoute('/console/nope')).toEqual({ view: 'not-found', path: '/nope' })
    expect(parseRoute('/console/customers/a/b')).toEqual({ view: 'not-found', path: '/customers/a/b' })
  })
})
