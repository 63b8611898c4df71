/**
 * The built docs site, served by `cebe docs serve`, in a real headless browser (Debian's chromium
 * driven by playwright-core): the home page renders, local search finds events, an event page
 * shows its field table and example, and every internal link resolves. Screenshots go to
 * docs/.output/ (a CI artifact).
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cebeDocsServe, type DocsServer } from './docs-server.js'

const DOCS = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(DOCS, '.vitepress', 'dist')
const OUTPUT = join(DOCS, '.output')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let site: DocsServer
let context: BrowserContext
let profile: string

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`no built site in ${DIST}: run "npm run build -w @cebe/docs" (cebe docs build) first`)
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`)
  await mkdir(OUTPUT, { recursive: true })
  site = await cebeDocsServe(DOCS)
  profile = await mkdtemp(join(tmpdir(), 'cebe-docs-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  })
})

afterAll(async () => {
  await context?.close()
  await site?.close()
  if (profile) await rm(profile, { recursive: true, force: true })
})

async function open(path: string): Promise<Page> {
  const page = await context.newPage()
  const response = await page.goto(`${site.url}${path}`)
  expect(response?.status(), path).toBe(200)
  return page
}

describe('the docs site', () => {
  it('renders the home page', async () => {
    const page = await open('/')
    await expect.poll(() => page.locator('.VPHero .name').textContent()).toContain('CEBE')
    expect(await page.locator('.VPHero .text').textContent()).toContain('One customer event layer')
    expect(await page.locator('.VPFeature').count()).toBeGreaterThanOrEqual(4)
    await page.screenshot({ path: join(OUTPUT, 'home.png'), fullPage: true })
    await page.close()
  })

  it('finds campaign.replied when searching for "reply"', async () => {
    const page = await open('/')
    await page.locator('.VPNavBarSearch button').first().click()
    const input = page.locator('.VPLocalSearchBox input')
    await input.fill('reply')
    const hit = page
      .locator('.VPLocalSearchBox .results a[href*="/reference/events/campaign.replied"]')
      .first()
    await hit.waitFor()
    expect(await hit.textContent()).toContain('campaign.replied')
    await page.screenshot({ path: join(OUTPUT, 'search-reply.png') })
    await hit.click()
    await page.waitForURL(/campaign\.replied/)
    await page.close()
  })

  it('finds an event by one of its fields', async () => {
    const page = await open('/')
    await page.locator('.VPNavBarSearch button').first().click()
    await page.locator('.VPLocalSearchBox input').fill('reply_content_preview')
    await page.locator('.VPLocalSearchBox .results a[href*="campaign.replied"]').first().waitFor()
    await page.close()
  })

  it('shows an event page with its field table, example and SDK snippet', async () => {
    const page = await open('/reference/events/campaign.replied.html')
    expect(await page.locator('h1').first().textContent()).toContain('campaign.replied')
    const fields = page.locator('table', { has: page.locator('th', { hasText: 'Constraints' }) }).first()
    expect(await fields.locator('th').allTextContents()).toEqual([
      'Field',
      'Type',
      'Required',
      'Constraints',
      'Values',
      'Marks',
      'Description',
    ])
    const campaignId = fields.locator('tr', { has: page.locator('#field-campaign_id') })
    expect(await campaignId.locator('td').nth(2).textContent()).toBe('yes')
    const preview = fields.locator('tr', { has: page.locator('#field-reply_content_preview') })
    expect(await preview.textContent()).toContain('PII: free_text')
    const code = (await page.locator('div[class*="language-json"] pre').first().textContent()) ?? ''
    expect(JSON.parse(code)).toMatchObject({ event_name: 'campaign.replied', source_module: 'campaign' })
    expect(await page.locator('div[class*="language-ts"] pre').first().textContent()).toContain(
      "cebe.track('campaign.replied', {",
    )
    await page.screenshot({ path: join(OUTPUT, 'event-campaign.replied.png'), fullPage: true })
    await page.close()
  })

  it('has no broken internal link or anchor', async () => {
    const seen = new Set<string>()
    const queue = ['/']
    const anchors = new Map<string, Set<string>>()
    const wanted: { from: string; page: string; hash: string }[] = []
    const broken: string[] = []
    const page = await context.newPage()
    while (queue.length) {
      const path = queue.shift()!
      if (seen.has(path)) continue
      seen.add(path)
      const response = await page.goto(`${site.url}${path}`)
      if (response?.status() !== 200) {
        broken.push(`${path} → ${response?.status()}`)
        continue
      }
      anchors.set(path, new Set(await page.$$eval('[id]', (nodes) => nodes.map((n) => n.id))))
      const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href))
      for (const href of hrefs) {
        const url = new URL(href)
        if (url.origin !== site.url) continue
        const target = url.pathname
        if (url.hash) wanted.push({ from: path, page: target, hash: decodeURIComponent(url.hash.slice(1)) })
        if (!seen.has(target)) queue.push(target)
      }
    }
    await page.close()
    for (const { from, page: target, hash } of wanted) {
      if (anchors.has(target) && !anchors.get(target)!.has(hash)) broken.push(`${from} → ${target}#${hash}`)
    }
    expect(broken).toEqual([])
    expect(seen.size).toBeGreaterThan(60)
  }, 300_000) // 60+ pages in a real browser: ~75 s alone, longer beside the other suites
})
