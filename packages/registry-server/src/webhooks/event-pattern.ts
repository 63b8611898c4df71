/**
 * Which events a subscription wants: an exact event name, `prefix.*` (every name starting with
 * `prefix.`), or `*` (everything). No other wildcards, so a pattern means the same to everyone.
 */
const PATTERN = /^(\*|[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(\.\*)?)$/

export const MAX_PATTERNS = 50

export function patternProblem(pattern: string): string | undefined {
  if (PATTERN.test(pattern)) return undefined
  return `"${pattern}" is not a pattern: use an event name ("ticket.sla_breached"), "prefix.*" ("campaign.*") or "*"`
}

export function matchesPattern(pattern: string, eventName: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return eventName.startsWith(pattern.slice(0, -1))
  return pattern === eventName
}

export function matchesAny(patterns: readonly string[], eventName: string): boolean {
  return patterns.some((p) => matchesPattern(p, eventName))
}
