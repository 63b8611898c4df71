import { describe, expect, it } from 'vitest'
import { parseRfc3339 } from '../query/rfc3339.js'
import { encodeCursor } from '../query/timeline-cursor.js'
import { companyMetricsQuery, customerSearchQuery, eventPageQuery, memoryQuery } from './read-queries.js'
import { customerIdParams } from './request-params.js'

/** The first problem a schema finds: the parameter it names (as the 400's details do) and the message. */
function problem(
  schema:
    | typeof eventPageQuery
    | typeof companyMetricsQuery
    | typeof customerSearchQuery
    | typeof memoryQuery,
  query: unknown,
) {
  const result = schema.safeParse(query)
  expect(result.success, JSON.stringify(query)).toBe(false)
  const issue = result.error!.issues[0]!
  const parameter = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0])
  return { parameter, message: issue.message }
}

describe('event page parameters (timeline and feed)', () => {
  it('defaults to no window, no filters and no page size', () => {
    expect(eventPageQuery.parse({})).toEqual({})
  })

  it('reads the window, lists, limit and cursor', () => {
    const cursor = encodeCursor({ eventTs: 5, eventId: 'e1' })
    expect(
      eventPageQuery.parse({
        from: '2026-11-01T07:00:00+07:00',
        to: '2026-11-02T00:00:00.5Z',
        modules: 'campaign, ticketing,campaign',
        events: ['campaign.sent', 'x.custom'],
        limit: '500',
        cursor,
      }),
    ).toEqual({
      from: Date.parse('2026-11-01T00:00:00Z'),
      to: Date.parse('2026-11-02T00:00:00.500Z'),
      modules: ['campaign', 'ticketing'],
      events: ['campaign.sent', 'x.custom'],
      limit: 500,
      cursor: { eventTs: 5, eventId: 'e1' },
    })
  })

  it('reads an offset whose unencoded "+" arrived as a space', () => {
    expect(eventPageQuery.parse({ from: '2026-11-01T07:00:00 07:00' }).from).toBe(
      Date.parse('2026-11-01T00:00:00Z'),
    )
  })

  it('names the parameter and says what is wrong', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ from: '2026-11-01' }, 'from', /RFC 3339/],
      [{ to: '2026-02-30T00:00:00Z' }, 'to', /RFC 3339/],
      [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'from', /after to/],
      [{ modules: 'campaign,crm' }, 'modules', /unknown module "crm"/],
      [{ events: 'campaign.sent,,ticket.created' }, 'events', /empty/],
      [{ events: Array.from({ length: 101 }, (_, i) => `e.e${i}`) }, 'events', /at most 100/],
      [{ limit: '0' }, 'limit', /1 to 500/],
      [{ limit: '501' }, 'limit', /1 to 500/],
      [{ limit: '10.5' }, 'limit', /1 to 500/],
      [{ limit: 'ten' }, 'limit', /1 to 500/],
      [{ cursor: 'garbage!' }, 'cursor', /next_cursor/],
      [{ from: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }, 'from', /once/],
      [{ form: '2026-11-01T00:00:00Z' }, 'form', /unknown query parameter "form"; use from, to/],
    ]
    for (const [query, parameter, message] of cases) {
      const found = problem(eventPageQuery, query)
      expect(found.parameter, JSON.stringify(query)).toBe(parameter)
      expect(found.message, JSON.stringify(query)).toMatch(message)
    }
  })
})

describe('metrics and search parameters', () => {
  it('orders the metrics window and checks group_by', () => {
    expect(companyMetricsQuery.parse({ group_by: 'ad_platform' })).toEqual({ group_by: 'ad_platform' })
    expect(problem(companyMetricsQuery, { group_by: 'channel' })).toEqual({
      parameter: 'group_by',
      message: 'unknown group_by "channel"; use campaign_id or ad_platform',
    })
    const equal = { from: '2026-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }
    expect(problem(companyMetricsQuery, equal).message).toMatch(/must be before to/)
    expect(problem(companyMetricsQuery, { from: '2999-01-01T00:00:00Z' }).message).toMatch(
      /must be before to/,
    )
  })

  it('trims search text and refuses what no stored text can hold', () => {
    expect(customerSearchQuery.parse({ q: '  budi ', limit: '100' })).toEqual({ q: 'budi', limit: 100 })
    expect(problem(customerSearchQuery, { q: '   ' }).message).toMatch(/1–256/)
    expect(problem(customerSearchQuery, { segment: 'a\u0000b' }).message).toMatch(/U\+0000/)
    expect(problem(customerSearchQuery, { limit: '101' }).message).toMatch(/1 to 100/)
  })

  it('checks customer ids', () => {
    expect(customerIdParams.parse({ id: 'cust_1' })).toEqual({ id: 'cust_1' })
    expect(customerIdParams.safeParse({ id: '' }).success).toBe(false)
    expect(customerIdParams.safeParse({ id: 'x'.repeat(65) }).error?.issues[0]?.message).toMatch(/1–64/)
  })
})

describe('memory parameters', () => {
  it('reads the bound, the instant and the modules', () => {
    expect(memoryQuery.parse({})).toEqual({})
    expect(
      memoryQuery.parse({ max_chars: '200', as_of: '2026-11-01T07:00:00 07:00', modules: 'ticketing,cdp' }),
    ).toEqual({ max_chars: 200, as_of: Date.parse('2026-11-01T00:00:00Z'), modules: ['ticketing', 'cdp'] })
    expect(memoryQuery.parse({ max_chars: '20000' }).max_chars).toBe(20_000)
  })

  it('names the parameter and says what is wrong', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ max_chars: '199' }, 'max_chars', /^max_chars must be an integer from 200 to 20000; got "199"$/],
      [{ max_chars: '20001' }, 'max_chars', /200 to 20000/],
      [{ max_chars: '2e3' }, 'max_chars', /200 to 20000/],
      [{ max_chars: ['300', '400'] }, 'max_chars', /once/],
      [{ as_of: 'yesterday' }, 'as_of', /^as_of must be an RFC 3339/],
      [{ modules: 'ticketing,crm' }, 'modules', /unknown module "crm"/],
      [{ limit: '5' }, 'limit', /unknown query parameter "limit"; use max_chars, as_of, modules/],
    ]
    for (const [query, parameter, message] of cases) {
      const found = problem(memoryQuery, query)
      expect(found.parameter, JSON.stringify(query)).toBe(parameter)
      expect(found.message, JSON.stringify(query)).toMatch(message)
    }
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
