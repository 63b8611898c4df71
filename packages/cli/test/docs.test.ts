import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getCatalog } from '@cebe/schemas'
import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../src/program.js'
import { cebe, withTempDir } from './run-cli.js'

async function docsFolder(dir: string): Promise<string> {
  await mkdir(join(dir, '.vitepress'), { recursive: true })
  await writeFile(join(dir, '.vitepress', 'config.ts'), 'export default {}\n')
  await mkdir(join(dir, 'adr'))
  await writeFile(join(dir, 'adr', '0007-a-choice.md'), '# 0007 — A choice\n\nBecause.\n')
  return dir
}

describe('cebe docs build', () => {
  it('generates a page per event and module, the envelope, metrics, HTTP API and decisions', () =>
    withTempDir(async (dir) => {
      await docsFolder(dir)
      const run = await cebe('docs', 'build', '--dir', dir, '--generate-only')
      expect(run.code).toBe(0)
      const catalog = getCatalog()
      expect(run.stdout).toContain(`generated ${catalog.length + 7 + 5} reference pages`)
      expect((await readdir(join(dir, 'reference', 'events'))).length).toBe(catalog.length)
      expect((await readdir(join(dir, 'reference', 'modules'))).length).toBe(7)
      for (const page of ['index.md', 'envelope.md', 'metrics.md', 'http-api.md', 'decisions.md'])
        expect(await readFile(join(dir, 'reference', page), 'utf8')).toMatch(/^---\ntitle: /)
      expect(await readFile(join(dir, 'reference', 'decisions.md'), 'utf8')).toContain(
        '- [0007 — A choice](/adr/0007-a-choice.md)',
      )
      expect(await readFile(join(dir, 'reference', 'http-api.md'), 'utf8')).toContain('POST /v1/events')
    }))

  it('renders an event page with its field table, marks, example, track snippet, versions and metrics', () =>
    withTempDir(async (dir) => {
      await cebe('docs', 'build', '--dir', await docsFolder(dir), '--generate-only')
      const replied = await readFile(join(dir, 'reference', 'events', 'campaign.replied.md'), 'utf8')
      expect(replied).toContain('| Field | Type | Required | Constraints | Values | Marks | Description |')
      expect(replied).toContain(
        '| <a id="field-campaign_id" href="#field-campaign_id" class="field-anchor">`campaign_id`</a> | `string` | **yes** | length 1–128 |',
      )
      expect(replied).toMatch(/field-reply_content_preview.*\| PII: free_text \|/)
      expect(replied).toContain('"event_name": "campaign.replied"')
      expect(replied).toContain("cebe.track('campaign.replied', {\n  qontak_customer_id: 'cust_0001',")
      expect(replied).toContain("sourceModule: 'campaign',")
      expect(replied).toContain('[`campaign.reply_rate`](/reference/metrics.md#customer-campaign.reply_rate)')
      const paid = await readFile(join(dir, 'reference', 'events', 'order.paid.md'), 'utf8')
      expect(paid).toMatch(/### 2-0-0 \(latest\)[\s\S]*\| \*\*MODEL\*\* \| `\/event_attributes\/order_id` \|/)
      expect(paid).toContain('### 1-0-0')
      const customer = await readFile(join(dir, 'reference', 'events', 'customer.created.md'), 'utf8')
      expect(customer).toMatch(/field-phone.*PII: phone<br>identity: phone/)
      expect(customer).toContain('id="field-default_fields.item.value"')
    }))

  it('keeps a committed openapi.json and clears stale generated pages', () =>
    withTempDir(async (dir) => {
      await docsFolder(dir)
      await mkdir(join(dir, 'reference', 'events'), { recursive: true })
      await writeFile(join(dir, 'reference', 'events', 'gone.event.md'), '# stale\n')
      await writeFile(join(dir, 'reference', 'openapi.json'), '{"paths": {}}\n')
      await cebe('docs', 'build', '--dir', dir, '--generate-only')
      expect(await readdir(join(dir, 'reference', 'events'))).not.toContain('gone.event.md')
      expect(await readFile(join(dir, 'reference', 'openapi.json'), 'utf8')).toBe('{"paths": {}}\n')
    }))

  it('fails in one line without a docs folder or without vitepress', () =>
    withTempDir(async (dir) => {
      const none = await cebe('docs', 'build', '--dir', dir)
      expect(none).toMatchObject({
        code: 2,
        stderr: `cebe: ${dir} is not a docs folder: it has no .vitepress/config.ts\n`,
      })
      await docsFolder(dir)
      const bare = await cebe('docs', 'build', '--dir', dir)
      expect(bare.code).toBe(2)
      expect(bare.stderr).toMatch(
        /^cebe: vitepress is not installed for .*; run "npm ci" in the repository first\n$/,
      )
      const flag = await cebe('docs', 'build', '--watch')
      expect(flag.code).toBe(2)
      expect(flag.stderr).toMatch(/unknown option '--watch'/)
    }))
})

describe('cebe docs serve', () => {
  async function builtSite(dir: string): Promise<void> {
    await docsFolder(dir)
    const dist = join(dir, '.vitepress', 'dist')
    await mkdir(join(dist, 'assets'), { recursive: true })
    await mkdir(join(dist, 'guides'), { recursive: true })
    await writeFile(join(dist, 'index.html'), '<script src="/assets/app.js"></script>home')
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(dist, 'guides', 'quick-start.html'), 'quick start')
    await writeFile(join(dist, '404.html'), 'not here')
  }

  it('serves the built site from the root of a local origin, so its absolute asset paths resolve', () =>
    withTempDir(async (dir) => {
      await builtSite(dir)
      const out: string[] = []
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        out.push(String(chunk))
        return true
      })
      const running = runCli(['docs', 'serve', '--dir', dir, '--port', '0'])
      try {
        await vi.waitFor(() => expect(out.join('')).toMatch(/docs site: /), { timeout: 10_000 })
      } finally {
        stdout.mockRestore()
      }
      const url = /docs site: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.join(''))![1]!
      try {
        const home = await fetch(url)
        expect(home.status).toBe(200)
        expect(home.headers.get('content-type')).toMatch(/^text\/html/)
        expect(await home.text()).toContain('/assets/app.js')
        const asset = await fetch(new URL('/assets/app.js', url))
        expect([asset.status, asset.headers.get('content-type')]).toEqual([
          200,
          'text/javascript; charset=utf-8',
        ])
        expect(await (await fetch(new URL('/guides/quick-start', url))).text()).toBe('quick start')
        const missing = await fetch(new URL('/nope', url))
        expect([missing.status, await missing.text()]).toEqual([404, 'not here'])
        expect((await fetch(new URL('/%2e%2e/%2e%2e/package.json', url))).status).toBe(404)
      } finally {
        process.emit('SIGTERM')
      }
      expect(await running).toBe(0)
    }))

  it('without a built site says how to build it, in one line, with exit code 2', () =>
    withTempDir(async (dir) => {
      await docsFolder(dir)
      const run = await cebe('docs', 'serve', '--dir', dir, '--port', '0')
      expect(run.code).toBe(2)
      expect(run.stderr).toBe(
        `cebe: no built docs site in ${join(dir, '.vitepress', 'dist')}: build it first with npx cebe docs build (or npm run build -w @cebe/docs)\n`,
      )
    }))
})
