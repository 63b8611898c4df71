import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { generateSecret, secretProblem, signPayload } from './webhook-signature.js'

describe('Standard Webhooks signing', () => {
  it('matches the reference library', () => {
    const secret = generateSecret()
    const body = '{"delivery_id":"msg_1","event":{"a":"é"}}'
    const timestamp = Math.floor(Date.now() / 1000)
    const signature = signPayload(secret, 'msg_1', timestamp, body)
    const reference = new Webhook(secret)
    expect(signature).toBe(reference.sign('msg_1', new Date(timestamp * 1000), body))
    expect(
      reference.verify(body, {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      }),
    ).toEqual(JSON.parse(body))
  })

  it('generates usable secrets and explains unusable ones', () => {
    expect(secretProblem(generateSecret())).toBeUndefined()
    expect(secretProblem('abc')).toMatch(/whsec_/)
    expect(secretProblem('whsec_!!!!')).toMatch(/base64/)
    expect(secretProblem(`whsec_${Buffer.alloc(8).toString('base64')}`)).toMatch(/bytes/)
  })
})
