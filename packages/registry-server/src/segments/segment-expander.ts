/**
 * Replaces each `{"segment": id}` leaf with the saved segment's own rule, recursively, so the
 * compiled statement is one query. A segment that reaches itself is a cycle: refused with the
 * path of the leaf that closes it, like any invalid rule.
 */
import { ServerError } from '../errors.js'
import type { SegmentStore } from '../storage/segment-store.js'
import { parseRule, type Rule } from './rule-parser.js'

export async function expandSegments(
  rule: Rule,
  store: SegmentStore,
  companyId: string,
  path = '$',
  visiting: readonly string[] = [],
): Promise<Rule> {
  switch (rule.kind) {
    case 'all':
    case 'any':
      return {
        kind: rule.kind,
        rules: await Promise.all(
          rule.rules.map((r, i) =>
            expandSegments(r, store, companyId, `${path}.${rule.kind}[${i}]`, visiting),
          ),
        ),
      }
    case 'not':
      return { kind: 'not', rule: await expandSegments(rule.rule, store, companyId, `${path}.not`, visiting) }
    case 'segment': {
      const at = `${path}.segment`
      if (visiting.includes(rule.id))
        throw new ServerError(
          'bad_request',
          400,
          `invalid rule at ${at}: segment ${rule.id} refers to itself`,
          {
            path: at,
            cycle: [...visiting, rule.id],
          },
        )
      const saved = await store.get(companyId, rule.id)
      if (!saved)
        throw new ServerError('bad_request', 400, `invalid rule at ${at}: no saved segment ${rule.id}`, {
          path: at,
        })
      return expandSegments(parseRule(saved.rule), store, companyId, path, [...visiting, rule.id])
    }
    default:
      return rule
  }
}
