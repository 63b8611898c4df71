/**
 * The text of `cebe schemas diff`: every change with its class, per event the SchemaVer bump it
 * needs against the one it declares, and the semver bump the npm release needs.
 */
import type { ChangeClass, CompatibilityReport, EventCompatibility } from '@cebe/schemas'

const RELEASE: Record<CompatibilityReport['semverBump'], string> = {
  major: 'a major release (breaking: some history no longer validates)',
  minor: 'a minor release (additions only)',
  patch: 'a patch release',
  none: 'no release',
}

export function formatDiff(report: CompatibilityReport, base: string, head: string): string {
  if (report.changes.length === 0 && report.ok) return `✓ no schema changes between ${base} and ${head}\n`
  const lines = [`schemas diff: ${base} → ${head}`, '']
  const width = Math.max(...report.changes.map((c) => c.pointer.length), 1)
  for (const event of report.events) {
    const changes = report.changes.filter((c) => c.event === event.event)
    if (!changes.length && event.ok) continue
    lines.push(eventLine(event))
    for (const change of changes)
      lines.push(`  ${change.class.padEnd(8)}  ${(change.pointer || '/').padEnd(width)}  ${change.message}`)
  }
  const failing = report.events.filter((e) => !e.ok)
  const changed = new Set(report.changes.map((c) => c.event)).size
  lines.push(
    '',
    `${report.changes.length} ${plural(report.changes.length, 'change')} in ${changed} ${plural(changed, 'event')}; ` +
      `the @cebe/schemas package needs ${RELEASE[report.semverBump]}` +
      (report.semverBump === 'none' ? '' : ` — changeset: "${report.semverBump}"`),
  )
  lines.push(
    failing.length
      ? `✗ ${failing.length} ${plural(failing.length, 'event')} ${failing.length === 1 ? 'fails' : 'fail'} the SchemaVer gate: ${failing.map((e) => e.event).join(', ')}`
      : '✓ every changed event declares the SchemaVer bump its changes need',
  )
  return `${lines.join('\n')}\n`
}

function eventLine(e: EventCompatibility): string {
  const versions =
    e.baseVersion && e.headVersion
      ? `${e.baseVersion} → ${e.headVersion}`
      : (e.headVersion ?? e.baseVersion ?? '')
  const bumps = e.requiredBump
    ? `needs ${e.requiredBump}${e.declaredBump ? `, declares ${e.declaredBump === 'NONE' ? 'none' : e.declaredBump}` : ''}`
    : 'no schema change'
  const verdict = e.ok ? '✓' : `✗ ${e.problem}${fix(e)}`
  const subject = `${e.event} ${versions}`.trim()
  return `${subject}: ${bumps} ${verdict}`
}

/** The version to declare instead, when a bump is too small. */
function fix(e: EventCompatibility): string {
  if (!e.requiredBump || !e.baseVersion || e.problem?.includes('removed') || e.problem?.includes('edited'))
    return e.problem?.includes('edited')
      ? '; publish the change as a new version instead'
      : e.problem?.includes('removed')
        ? '; published versions must stay in the catalog'
        : ''
  return `; declare ${nextVersion(e.baseVersion, e.requiredBump)}`
}

export function nextVersion(base: string, bump: ChangeClass): string {
  const [model = 0, revision = 0, addition = 0] = base.split('-').map(Number)
  if (bump === 'MODEL') return `${model + 1}-0-0`
  if (bump === 'REVISION') return `${model}-${revision + 1}-0`
  return `${model}-${revision}-${addition + 1}`
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
