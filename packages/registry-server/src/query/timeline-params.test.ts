import { describe, expect, it } from 'vitest'
import { ServerError } from '../errors.js'
import { encodeCursor } from './timeline-cursor.js'
import { parseCustomerId, parseRfc3339, parseTimelineParams } from './timeline-params.js'

const known = new Set(['campaign.sent', 'ticket.created', 'x.custom'])
const parse = (query: Record<string, unknown>) => parseTimelineParams(query, (name) => known.has(name))

async function failure(query: Record<string, unknown>): Promise<ServerError> {
  const error = await parse(query).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ServerError)
  expect((error as ServerError).status).toBe(400)
  return error as ServerError
}

describe('timeline parameters', () => {
  it('defaults to 50 events, no window, no filters', async () => {
    expect(await parse({})).toEqual({ limit: 50 })
  })

  it('reads the window, lists, limit and cursor', async () => {
    const cursor = encodeCursor({ eventTs: 5, eventId: 'e1' })
    expect(
      await parse({
        from: '2026-11-01T07:00:00+07:00',
        to: '2026-11-02T00:00:00.5Z',
        modules: 'campaign, ticketing,campaign',
        events: ['campaign.sent', 'x.custom'],
        limit: '500',
        cursor,
      }),
    ).toEqual({
      fromTs: Date.parse('2026-11-01T00:00:00Z'),
      toTs: Date.parse('2026-11-02T00:00:00.500Z'),
      modules: ['campaign', 'ticketing'],
      events: ['campaign.sent', 'x.custom'],
      limit: 500,
      after: { eventTs: 5, eventId: 'e1' },
    })
  })

  it('reads an offset whose unencoded "+" arrived as a space', async () => {
    expect((await parse({ from: '2026-11-01T07:00:00 07:00' })).fromTs).toBe(
      Date.parse('2026-11-01T00:00:00Z'),
    )
  })

  it('names the parameter and the bad value', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ from: '2026-11-01' }, 'from', /RFC 3339/],
      [{ to: '2026-02-30T00:00:00Z' }, 'to', /RFC 3339/],
      [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'from', /after to/],
      [{ modules: 'campaign,crm' }, 'modules', /unknown module "crm"/],
      [{ events: 'campaign.sent,campaign.snet' }, 'events', /unknown event "campaign.snet"/],
      [{ events: 'campaign.sent,,ticket.created' }, 'events', /empty/],
      [{ limit: '0' }, 'limit', /1 to 500/],
      [{ limit: '501' }, 'limit', /1 to 500/],
      [{ limit: '10.5' }, 'limit', /1 to 500/],
      [{ limit: 'ten' }, 'limit', /1 to 500/],
      [{ cursor: 'garbage!' }, 'cursor', /next_cursor/],
      [{ from: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }, 'from', /once/],
      [{ form: '2026-11-01T00:00:00Z' }, 'form', /unknown query parameter "form"/],
    ]
    for (const [query, parameter, message] of cases) {
      const error = await failure(query)
      expect(error.message, JSON.stringify(query)).toMatch(message)
      expect(error.details).toMatchObject({ parameter })
    }
    expect((await failure({ modules: 'crm' })).details).toEqual({ parameter: 'modules', value: 'crm' })
  })

  it('checks customer ids', () => {
    expect(parseCustomerId('cust_1')).toBe('cust_1')
    expect(() => parseCustomerId('')).toThrow(ServerError)
    expect(() => parseCustomerId('x'.repeat(65))).toThrow(/1–64/)
  })
})

describe('parseRfc3339', () => {
  it('takes RFC 3339 with an offset and nothing else', () => {
    expect(parseRfc3339('2024-02-29T23:59:59.999-01:30')).toBe(Date.parse('2024-03-01T01:29:59.999Z'))
    expect(parseRfc3339('0050-01-01T00:00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'))
    expect(parseRfc3339('2026-11-01t00:00:00z')).toBe(Date.parse('2026-11-01T00:00:00Z'))
    for (const bad of [
      '2023-02-29T00:00:00Z',
      '2026-11-01T24:00:00Z',
      '2026-11-01T00:00:60Z',
      '2026-11-01T00:00:00',
      '2026-11-01T00:00:00+24:00',
      '2026-11-01 00:00:00Z',
      '1700000000000',
    ]) {
      expect(parseRfc3339(bad), bad).toBeUndefined()
    }
  })
})
