import { describe, expect, it } from 'vitest'
import type { WindowEvent } from './customer-events-in-window.js'
import { foldProfile } from './profile-fold.js'

let n = 0
const e = (eventName: string, eventTs: number, attrs: Record<string, unknown>): WindowEvent => ({
  eventId: `e${n++}`,
  eventName,
  eventTs,
  body: { event_attributes: attrs },
})

describe('foldProfile', () => {
  it('lets later events win, updates land in the list that holds the field, odd items are skipped', () => {
    const state = foldProfile([
      e('customer.created', 1, {
        default_fields: [{ name: 'city', value: 'A' }, { value: 'no name' }, null],
        custom_fields: [{ name: 'tier', value: 1 }],
      }),
      e('customer.updated', 2, {
        change_fields: [
          { name: 'tier', old_value: 1, new_value: 2 },
          { name: 'nick', old_value: null, new_value: 'N' },
          { name: '__proto__', old_value: null, new_value: 'kept as data' },
        ],
      }),
      e('customer.created', 3, { default_fields: [{ name: 'city', value: 'B' }] }),
    ])
    expect(Object.fromEntries(state.attributes.defaultFields)).toEqual({
      city: 'B',
      nick: 'N',
      ['__proto__']: 'kept as data',
    })
    expect(Object.fromEntries(state.attributes.customFields)).toEqual({ tier: 2 })
  })

  it('folds segments and loyalty state as METRICS.md defines them', () => {
    const state = foldProfile([
      e('segment.entered', 1, { segment_id: 'b', segment_name: 'B' }),
      e('segment.entered', 1, { segment_id: 'a', segment_name: 'A' }),
      e('segment.exited', 2, { segment_id: 'b' }),
      e('membership.enrolled', 1, { program_id: 'p1', initial_tier: 'Silver', available_point: 10 }),
      e('points.earned', 2, { available_point: 30 }),
      e('tier.upgraded', 3, { new_tier: 'Gold' }),
      e('membership.unenrolled', 4, { program_id: 'p1', last_tier: 'Gold', available_point: 0 }),
    ])
    expect(state.segments).toEqual([{ segmentId: 'a', segmentName: 'A', sinceTs: 1 }])
    expect(state.loyalty).toEqual({ member: false, tier: 'Gold', availablePoints: 0, programs: [] })
    expect(foldProfile([]).loyalty).toEqual({
      member: false,
      tier: null,
      availablePoints: null,
      programs: [],
    })
  })
})
