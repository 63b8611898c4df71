/**
 * verifyWebhook() on real deliveries from the registry-server (SQLite, port 0) to a local HTTP
 * receiver, and on hand-made requests for each way verification must fail.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateApiKey, startServer } from '@cebe/registry-server'
import { getCatalog } from '@cebe/schemas'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyWebhook, WebhookVerificationError } from '../src/webhooks.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('verifyWebhook', () => {
  it('verifies deliveries the registry-server sends', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = []
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
    const port = (receiver.address() as { port: number }).port

    const dir = mkdtempSync(join(tmpdir(), 'cebe-sdk-hooks-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const server = await startServer({
      databaseUrl: join(dir, 'cebe.db'),
      port: 0,
      logLevel: false,
      webhookPollMs: 20,
    })
    cleanups.push(() => server.close())
    const keys = { write: generateApiKey('write'), read: generateApiKey('read') }
    for (const type of ['write', 'read'] as const) {
      await server.store.createKey({
        id: keys[type].id,
        keyHash: keys[type].keyHash,
        companyId: 'company_acme',
        type,
        modules: type === 'write' ? ['ticketing'] : [],
        role: type === 'read' ? 'admin' : null,
        name: null,
      })
    }
    const post = (path: string, key: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, any>>)
    const subscription = await post('/v1/webhooks', keys.read.key, {
      url: `http://127.0.0.1:${port}/hook`,
      events: ['ticket.*'],
    })
    const example = getCatalog().find((e) => e.name === 'ticket.sla_breached')!.example as Record<
      string,
      unknown
    >
    const event = {
      ...example,
      event_id: 'evt-hook-1',
      company_id: 'company_acme',
      event_timestamp: new Date().toISOString(),
    }
    const ingested = await post('/v1/events', keys.write.key, { events: [event] })
    expect(ingested.rejected).toEqual([])

    const deadline = Date.now() + 10_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    const [delivery] = received
    expect(delivery).toBeDefined()
    const verified = verifyWebhook({
      secret: subscription.secret,
      headers: delivery!.headers,
      body: delivery!.body,
    })
    expect(verified.subscription_id).toBe(subscription.id)
    expect(verified.delivery_id).toBe(delivery!.headers['webhook-id'])
    expect(verified.event).toMatchObject({ event_id: 'evt-hook-1', event_name: 'ticket.sla_breached' })
    // Fetch-style Headers and a Uint8Array body work too.
    const headers = new Headers(delivery!.headers as Record<string, string>)
    expect(
      verifyWebhook({ secret: subscription.secret, headers, body: Buffer.from(delivery!.body) }).delivery_id,
    ).toBe(verified.delivery_id)
  })

  it('refuses what it must, with a code', () => {
    const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`
    const now = Date.UTC(2026, 11, 2)
    const body = '{"delivery_id":"msg_1","subscription_id":"whk_1","event":{}}'
    const signature = new Webhook(secret).sign('msg_1', new Date(now), body)
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(now / 1000),
      'webhook-signature': signature,
    }
    expect(verifyWebhook({ secret, headers, body, now }).delivery_id).toBe('msg_1')
    // Several signatures, one of which matches (key rotation).
    expect(
      verifyWebhook({
        secret,
        headers: { ...headers, 'webhook-signature': `v1,AAAA ${signature}` },
        body,
        now,
      }),
    ).toBeTruthy()
    const code = (options: Partial<Parameters<typeof verifyWebhook>[0]>) => {
      try {
        verifyWebhook({ secret, headers, body, now, ...options })
        return 'ok'
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookVerificationError)
        return (error as WebhookVerificationError).code
      }
    }
    expect(code({ body: body.replace('whk_1', 'whk_2') })).toBe('no_matching_signature')
    expect(code({ secret: `whsec_${Buffer.alloc(32, 2).toString('base64')}` })).toBe('no_matching_signature')
    expect(code({ headers: { ...headers, 'webhook-id': 'msg_2' } })).toBe('no_matching_signature')
    expect(code({ now: now + 301_000 })).toBe('timestamp_out_of_tolerance')
    expect(code({ now: now - 301_000 })).toBe('timestamp_out_of_tolerance')
    expect(code({ now: now + 299_000 })).toBe('ok')
    expect(code({ headers: { 'webhook-id': 'msg_1' } })).toBe('missing_headers')
    expect(code({ headers: { ...headers, 'webhook-timestamp': 'yesterday' } })).toBe('bad_timestamp')
    expect(code({ secret: 'plain' })).toBe('bad_secret')
  })
})
