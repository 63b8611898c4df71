/** The `@cebe/sdk/testing` helper, used the way a squad's unit test would. */
import { AssertionError } from 'node:assert'
import { describe, expect, it } from 'vitest'
import { CebeError, createClient } from '../src/index.js'
import { createMemoryTransport, createTestClient } from '../src/testing.js'
import { customerActor, repliedAttributes } from './support/target.js'

/** Squad code under test: takes any client. */
async function onReply(
  cebe: { track: ReturnType<typeof createTestClient<'campaign'>>['track'] },
  customer: string,
) {
  await cebe.track('campaign.replied', {
    qontak_customer_id: customer,
    actor: customerActor,
    attributes: repliedAttributes,
    trigger_from: 'user',
  })
}

describe('createTestClient', () => {
  it('captures delivered events and asserts on them', async () => {
    const cebe = createTestClient({ sourceModule: 'campaign' })
    await onReply(cebe, 'cust_7')
    const event = await cebe.assertTracked('campaign.replied', {
      qontak_customer_id: 'cust_7',
      attributes: { channel: repliedAttributes.channel },
    })
    expect(event.company_id).toBe('company_test')
    expect(event.sent_at).toEqual(expect.any(String))
    await cebe.assertTracked('campaign.replied', {}, 1)
    await cebe.assertNotTracked('campaign.clicked')
    await expect(cebe.assertTracked('campaign.replied', { qontak_customer_id: 'cust_8' })).rejects.toThrow(
      AssertionError,
    )
    await expect(cebe.assertNotTracked('campaign.replied')).rejects.toThrow(/found 1/)
    expect(await cebe.tracked()).toHaveLength(1)
    cebe.clear()
    expect(cebe.captured).toEqual([])
    await cebe.shutdown()
  })

  it('throws on an invalid event at track time, like production validation', () => {
    const cebe = createTestClient({ sourceModule: 'campaign' })
    expect(() =>
      cebe.track('campaign.replied', {
        actor: customerActor,
        attributes: { ...repliedAttributes, campaign_cost: 'lots' as unknown as number },
      }),
    ).toThrow(CebeError)
  })

  it('the memory transport validates what it receives as the server would', async () => {
    const transport = createMemoryTransport()
    const errors: CebeError[] = []
    const cebe = createClient({
      endpoint: 'http://unused.test',
      writeKey: 'k',
      companyId: 'c',
      companySsoId: 's',
      sourceModule: 'campaign',
      validation: 'off',
      transport,
      onError: (e) => errors.push(e),
    })
    await cebe.track('campaign.replied', {
      actor: customerActor,
      attributes: repliedAttributes,
      qontak_customer_id: 'x',
    })
    await cebe.track('campaign.replied', {
      actor: customerActor,
      attributes: { ...repliedAttributes, campaign_cost: 'lots' as unknown as number },
      qontak_customer_id: 'x',
    })
    const report = await cebe.flush()
    expect(report).toMatchObject({ sent: 1, rejected: 1 })
    expect(transport.events).toHaveLength(1)
    expect(transport.rejected[0]!.errors[0]!.path).toBe('/event_attributes/campaign_cost')
    expect(errors.map((e) => e.code)).toEqual(['rejected'])
    await cebe.shutdown()
  })
})

describe('types', () => {
  it('only accepts the events of the client module, with their attributes', () => {
    const cebe = createTestClient({ sourceModule: 'campaign' })
    const typeOnly = () => {
      // @ts-expect-error ticket.created belongs to ticketing, not campaign
      cebe.track('ticket.created', { actor: customerActor, attributes: {} })
      const wrongCost = { ...repliedAttributes, campaign_cost: 'x' }
      // @ts-expect-error campaign_cost is a number
      cebe.track('campaign.replied', { actor: customerActor, attributes: wrongCost })
      // @ts-expect-error actor is required
      cebe.track('campaign.replied', { attributes: repliedAttributes })
    }
    expect(typeof typeOnly).toBe('function')
  })
})
