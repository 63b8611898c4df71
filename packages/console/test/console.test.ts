/**
 * The console in a real Chromium against a real `cebe serve --demo`: sign in, the overview's
 * figures equal the API's, search a customer and open the 360 view, page the timeline, build a
 * segment whose count equals the API's preview, and a role without PII access sees masked values.
 * Screenshots of every view go to screenshots/ (the README shows them).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'
import { apiClient, type DemoServer, startDemoServer } from './support/demo-server.js'

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url))
const LAPTOP = { width: 1366, height: 900 }
const TABLET = { width: 820, height: 1180 }

interface Metrics {
  metrics: Record<string, unknown>
}
interface CustomerSummary {
  customer_id: string
  display_name: string | null
  identifiers: { kind: string; value: string }[]
}
interface Profile extends CustomerSummary {
  events_total: number
  health: { score: number; factors: { id: string }[] }
}

let server: DemoServer
let browser: Browser
let admin: ReturnType<typeof apiClient>
/** Uncaught errors in the app's pages during one test; each test ends with none. */
let pageErrors: string[] = []

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true })
  server = await startDemoServer()
  admin = apiClient(server.url, server.adminKey)
  browser = await launchChromium()
})

afterEach(() => {
  const errors = pageErrors
  pageErrors = []
  expect(errors).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function signedIn(key: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`${server.url}/console/`)
  await page.getByLabel('Read key').fill(key)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Views' }).waitFor()
  return { context, page }
}

/** Moves within the app the way a person does: by the navigation's links. */
async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name }).click()
}

describe('the console', () => {
  it('is printed by `cebe serve --demo` with the read key to paste, and linked from GET /', async () => {
    expect(server.banner).toContain(
      `console: open ${server.url}/console/ and paste the demo read key: ${server.adminKey}`,
    )
    const home = await (await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })).text()
    expect(home).toContain('<a href="/console/">')
  })

  it('signs in with a read key kept in the tab session, never in the address; a bad key is refused', async () => {
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await context.newPage()
    await page.goto(`${server.url}/console/`)
    await page.getByLabel('Read key').fill('cebe_r_not_a_real_key')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted')
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') })
    await page.getByLabel('Read key').fill(server.adminKey)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Views' }).waitFor()
    expect(page.url()).not.toContain(server.adminKey)
    expect(await page.evaluate(() => sessionStorage.getItem('cebe.console.readKey'))).toBe(server.adminKey)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    // A reload keeps the session; signing out forgets the key.
    await page.reload()
    await page.getByRole('navigation', { name: 'Views' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Read key').waitFor()
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await context.close()
  })

  it('overview: KPI tiles equal GET /v1/metrics for the window, and the charts add up to them', async () => {
    const { context, page } = await signedIn(server.adminKey)
    const windowNote = page.locator('[data-window-from]')
    const from = await windowNote.getAttribute('data-window-from')
    const to = await windowNote.getAttribute('data-window-to')
    const api = await admin.get<Metrics>(`/v1/metrics?from=${from}&to=${to}`)
    await page.locator('.tile[data-metric]').first().waitFor()
    const tiles = await page
      .locator('.tile[data-metric]')
      .evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute('data-metric'), JSON.parse(n.getAttribute('data-value')!)]),
      )
    expect(tiles.length).toBe(Object.keys(api.metrics).length)
    expect(Object.fromEntries(tiles)).toEqual(api.metrics)
    expect(api.metrics['campaign.sent']).toBeGreaterThan(0)

    // Every module's chart is drawn, and the Broadcast periods add up to the window's total.
    await expect.poll(() => page.locator('[data-chart] canvas').count(), { timeout: 30_000 }).toBe(8)
    const broadcast = page.locator('[data-chart="Broadcast per period"]')
    await broadcast.getByText('Show data').click()
    const sent = await broadcast
      .locator('td[data-series="campaign.sent"]')
      .evaluateAll((cells) => cells.map((c) => JSON.parse(c.getAttribute('data-value')!) as number))
    expect(sent.length).toBeGreaterThan(1)
    expect(sent.some((n) => n > 0)).toBe(true)
    expect(sent.reduce((a, b) => a + b, 0)).toBe(api.metrics['campaign.sent'])
    await broadcast.getByText('Show data').click()

    // Broadcast by campaign: the table's rows are the API's groups, sortable by header.
    const grouped = await admin.get<{ groups: unknown[] }>(
      `/v1/metrics?from=${from}&to=${to}&group_by=campaign_id`,
    )
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Broadcast by campaign' }),
    })
    await expect.poll(() => table.locator('tbody tr').count()).toBe(grouped.groups.length)
    const sentHeader = table.locator('th', { hasText: 'Campaign messages sent' })
    expect(await sentHeader.getAttribute('aria-sort')).toBe('descending')
    await sentHeader.getByRole('button').click()
    expect(await sentHeader.getAttribute('aria-sort')).toBe('ascending')
    await sentHeader.getByRole('button').click()
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true })
    await context.close()
  })

  it('customers: finds a customer by email, opens the 360 view, and pages the timeline without end', async () => {
    const { context, page } = await signedIn(server.adminKey)
    const profileOfFirst = await admin.get<Profile>('/v1/customers/cust_0001')
    expect(profileOfFirst.events_total).toBeGreaterThan(25)
    const email = profileOfFirst.identifiers.find((i) => i.kind === 'email')!.value
    await openView(page, 'Customers')
    await page.getByRole('searchbox', { name: 'Search' }).fill(email)
    await page.getByRole('button', { name: 'Search' }).click()
    const row = page.locator('tr[data-customer="cust_0001"]')
    await row.waitFor()
    expect(await page.locator('tr[data-customer]').count()).toBe(1)
    expect(page.url()).not.toContain(server.adminKey)
    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.locator('tr[data-customer]').count()).toBe(25)
    await page.screenshot({ path: join(SCREENSHOTS, 'customers.png'), fullPage: true })
    await page.getByRole('searchbox', { name: 'Search' }).fill(email)
    await page.getByRole('button', { name: 'Search' }).click()
    await row.getByRole('link', { name: 'cust_0001' }).click()

    // The 360 view: profile, identifiers and the health score as the API answers them.
    await expect.poll(() => page.locator('h1').textContent()).toContain(profileOfFirst.display_name!)
    for (const identifier of profileOfFirst.identifiers)
      expect(
        await page
          .locator(`[data-panel="identifiers"] dd[data-identifier="${identifier.kind}"]`)
          .first()
          .textContent(),
      ).toBe(identifier.value)
    // The score's recency factor moves with the clock between the two reads: equal to what is shown.
    expect(JSON.parse((await page.locator('.health-score').getAttribute('data-value'))!)).toBeCloseTo(
      profileOfFirst.health.score,
      2,
    )
    expect(await page.locator('.factors li').count()).toBe(profileOfFirst.health.factors.length)
    const memory = await admin.status('/v1/customers/cust_0001/memory')
    await page.locator('ol.timeline li').first().waitFor()
    expect(await page.locator('[data-panel="memory"]').count()).toBe(memory === 200 ? 1 : 0)

    // Page 1, then page 2 as the end of the list scrolls into view: the API's first two pages in order.
    const first = await admin.get<{ events: { event_id: string }[]; next_cursor: string }>(
      '/v1/customers/cust_0001/timeline?limit=25',
    )
    const second = await admin.get<{ events: { event_id: string }[] }>(
      `/v1/customers/cust_0001/timeline?limit=25&cursor=${first.next_cursor}`,
    )
    await expect.poll(() => page.locator('ol.timeline li').count()).toBe(25)
    await page.screenshot({ path: join(SCREENSHOTS, 'customer-360.png'), fullPage: true })
    await page.locator('.timeline-end').scrollIntoViewIfNeeded()
    await expect.poll(() => page.locator('ol.timeline li').count()).toBe(25 + second.events.length)
    const shown = await page
      .locator('ol.timeline li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-event')))
    expect(shown).toEqual([...first.events, ...second.events].map((e) => e.event_id))
    await expect.poll(() => page.getByText('Beginning of the timeline.').count()).toBe(1)

    // Filters: one module only.
    await page.getByLabel('Module', { exact: true }).selectOption('ticketing')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect
      .poll(async () => [...new Set(await page.locator('ol.timeline .badge').allTextContents())])
      .toEqual(['ticketing'])
    await context.close()
  })

  it('segments: the live count equals POST /v1/segments/preview as the rule changes; a saved segment lists its members', async () => {
    const { context, page } = await signedIn(server.adminKey)
    await openView(page, 'Segments')
    const count = page.locator('.live-count')
    const settledCount = async () => {
      await expect.poll(() => count.getAttribute('data-count'), { timeout: 20_000 }).not.toBe('')
      return Number(await count.getAttribute('data-count'))
    }
    // "2+ tickets and no purchase in 90 days", built by hand.
    await page.getByLabel('Condition 1: value').fill('2')
    const twoTickets = { metric: 'ticketing.tickets_total', op: '>=', value: 2 }
    expect(await settledCount()).toBe(
      (await admin.post<{ count: number }>('/v1/segments/preview', { rule: { all: [twoTickets] } })).count,
    )
    await page.getByRole('button', { name: 'Add event condition' }).click()
    await page.locator('[data-condition="2"]').getByLabel('not').check()
    const rule = { all: [twoTickets, { not: { event: 'order.paid', within: '90d' } }] }
    const preview = await admin.post<{ count: number }>('/v1/segments/preview', { rule })
    await expect.poll(settledCount).toBe(preview.count)
    expect(preview.count).toBeGreaterThan(0)
    await page.getByText('Rule JSON').click()
    expect(JSON.parse((await page.locator('.rule-json').textContent())!)).toEqual(rule)

    // any-of changes the count to the API's count of the any-rule.
    await page.getByLabel('Combine conditions with').selectOption('any')
    const anyCount = (
      await admin.post<{ count: number }>('/v1/segments/preview', { rule: { any: rule.all } })
    ).count
    await expect.poll(settledCount).toBe(anyCount)
    await page.getByLabel('Combine conditions with').selectOption('all')
    await expect.poll(settledCount).toBe(preview.count)

    // A bad value is caught before the API is asked.
    await page.getByLabel('Condition 1: value').fill('two')
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('the value must be a number')
    await page.getByLabel('Condition 1: value').fill('2')
    await expect.poll(settledCount).toBe(preview.count)

    await page.getByLabel('Name').fill('Tickets, no recent purchase')
    await page.getByRole('button', { name: 'Save segment' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Tickets, no recent purchase' }).click()
    await expect
      .poll(() => page.locator('[data-members] tr[data-customer]').count())
      .toBe(Math.min(25, preview.count))
    await page.screenshot({ path: join(SCREENSHOTS, 'segments.png'), fullPage: true })
    await context.close()
  })

  it('ingest health and webhooks show the server’s figures, subscriptions and recent deliveries', async () => {
    const created = await admin.post<{ id: string }>('/v1/webhooks', {
      url: 'http://127.0.0.1:9/unreachable',
      events: ['ticket.*'],
    })
    // One live event for the subscription: a stored demo ticket re-sent under a new id.
    const writeKey = /demo write key: (\S+)/.exec(server.banner)![1]!
    const { events } = await admin.get<{ events: Record<string, unknown>[] }>(
      '/v1/events?events=ticket.created&limit=1',
    )
    const ticket = {
      ...events[0]!,
      event_id: `console-test-${Date.now()}`,
      event_timestamp: new Date().toISOString(),
    }
    await apiClient(server.url, writeKey).post('/v1/events', { events: [ticket] })
    const deliveriesPath = `/v1/webhooks/${created.id}/deliveries`
    let recent: { deliveries: { delivery_id: string; status: string }[] } = { deliveries: [] }
    for (let tries = 0; recent.deliveries.length === 0 && tries < 100; tries++) {
      recent = await admin.get(deliveriesPath)
      if (recent.deliveries.length === 0) await new Promise((done) => setTimeout(done, 100))
    }
    expect(recent.deliveries).toHaveLength(1)
    const { context, page } = await signedIn(server.adminKey)
    await openView(page, 'Ingest health')
    const health = await admin.get<{ events: { duplicates: number; accepted: number } }>('/v1/ingest/health')
    await page.locator('.tile[data-metric="duplicates"]').waitFor()
    expect(
      JSON.parse((await page.locator('.tile[data-metric="accepted"]').getAttribute('data-value'))!),
    ).toBe(health.events.accepted)
    expect(
      JSON.parse((await page.locator('.tile[data-metric="duplicates"]').getAttribute('data-value'))!),
    ).toBe(health.events.duplicates)
    expect(health.events.accepted + health.events.duplicates).toBeGreaterThan(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'ingest-health.png'), fullPage: true })
    await openView(page, 'Webhooks')
    await page.locator('[data-webhook]').first().waitFor()
    expect(await page.locator('[data-webhook] h2').first().textContent()).toBe(
      'http://127.0.0.1:9/unreachable',
    )
    const row = page.locator(`[data-webhook="${created.id}"] [data-recent-deliveries] tbody tr`)
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    expect(await row.first().locator('td').nth(1).textContent()).toBe('ticket.created')
    await page.screenshot({ path: join(SCREENSHOTS, 'webhooks.png'), fullPage: true })
    await context.close()
  })

  it('an analyst key (no PII) sees masked identifiers in the list and the 360 view, and no webhooks', async () => {
    const analystKey = await server.readKey('analyst')
    const { context, page } = await signedIn(analystKey)
    const clear = await admin.get<Profile>('/v1/customers/cust_0001')
    const email = clear.identifiers.find((i) => i.kind === 'email')!.value
    await openView(page, 'Customers')
    await page.locator('tr[data-customer="cust_0001"]').waitFor()
    const listed = await page.locator('tr[data-customer="cust_0001"]').textContent()
    expect(listed).toContain('***')
    expect(listed).not.toContain(email)
    await page.screenshot({ path: join(SCREENSHOTS, 'customers-analyst.png'), fullPage: true })
    await page.locator('tr[data-customer="cust_0001"]').getByRole('link').click()
    await page.locator('[data-panel="identifiers"]').waitFor()
    const identity = (await page.locator('[data-panel="identifiers"]').textContent()) ?? ''
    expect(identity).toContain('***')
    expect(identity).not.toContain(email)
    for (const identifier of clear.identifiers) expect(identity).not.toContain(identifier.value)
    await openView(page, 'Webhooks')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('admin')
    await context.close()
  })

  it('reads at tablet width', async () => {
    const { context, page } = await signedIn(server.adminKey, TABLET)
    await expect.poll(() => page.locator('[data-chart] canvas').count(), { timeout: 30_000 }).toBe(8)
    // Nothing wider than the screen but the tables that scroll on their own.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(TABLET.width)
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-tablet.png') })
    await context.close()
  })
})
