/**
 * What a rule may be once its saved segments are inlined (`segment-expander.ts`), checked before
 * it is compiled or saved: the same size limits as a rule as written — so a handful of
 * `{"segment": id}` leaves cannot multiply into a statement no store can run — and, for a role
 * that reads some personal fields masked, no filter on those fields: a rule that matches a phone
 * number would find whose number it is, which the role's own search refuses (ADR 0112).
 */
import { ServerError } from '../errors.js'
import { searchableFields } from '../query/attribute-pii.js'
import type { EventMarks } from '../query/event-marks.js'
import { treatmentFor } from '../query/pii-policy.js'
import { MAX_DEPTH, MAX_NODES, type Rule } from './rule-parser.js'

/** Refuses an inlined rule past the node or depth limit. */
export function assertInlinedSize(rule: Rule): void {
  let nodes = 0
  let deepest = 0
  const walk = (node: Rule, depth: number) => {
    nodes++
    deepest = Math.max(deepest, depth)
    if (node.kind === 'all' || node.kind === 'any') for (const r of node.rules) walk(r, depth + 1)
    else if (node.kind === 'not') walk(node.rule, depth + 1)
  }
  walk(rule, 0)
  if (nodes > MAX_NODES || deepest > MAX_DEPTH)
    throw new ServerError(
      'bad_request',
      400,
      `invalid rule at $: with its saved segments inlined it has ${nodes} nodes nested ${deepest} deep; ` +
        `at most ${MAX_NODES} nodes and ${MAX_DEPTH} levels — name fewer or smaller segments`,
      { path: '$', nodes, depth: deepest },
    )
}

/** Refuses a filter on a field this role reads masked (attributes, or an event's marked attributes). */
export function assertReadableFilters(rule: Rule, role: string | null, marks: EventMarks): void {
  const fields = searchableFields(role)
  if (fields === undefined) return
  const refuse = (field: string, where: string) =>
    new ServerError(
      'forbidden',
      403,
      `a ${role} key may not filter on ${field} ${where}: this role reads it masked, so matching it would reveal it`,
      { field },
    )
  const walk = (node: Rule): void => {
    switch (node.kind) {
      case 'all':
      case 'any':
        for (const r of node.rules) walk(r)
        return
      case 'not':
        walk(node.rule)
        return
      case 'attribute':
        if (!fields.includes(node.name)) throw refuse(`"${node.name}"`, 'of the customer attributes')
        return
      case 'event':
        for (const name of Object.keys(node.where)) {
          const prefix = `/event_attributes/${name}`
          const masked = (marks.marksOf(node.event, null) ?? []).some(
            (m) =>
              m.pii !== undefined &&
              (m.path === prefix || m.path.startsWith(`${prefix}/`)) &&
              treatmentFor(role, m.pii) !== 'clear',
          )
          if (masked) throw refuse(`"${name}"`, `of ${node.event}`)
        }
        return
      default:
        return
    }
  }
  walk(rule)
}
