/**
 * Which regular expressions a tenant's schema may carry. ajv runs `pattern` on V8's
 * backtracking engine, where `^(a+)+$` takes seconds on 30 characters. Rather than a second
 * engine, a registered pattern must be in a shape that is linear on V8: anchored at both ends,
 * no groups, alternation, back-references or look-around, and at most one quantifier of variable
 * length. Everything the catalog's own schemas need (`^[A-Z]{2}-[0-9]{4}$`, `^\+?[0-9]{6,20}$`)
 * fits; anything else is refused with the reason.
 */

/** Why `pattern` is refused, or undefined when it is safe. */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > 256) return 'is longer than 256 characters'
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$'))
    return 'must be anchored: start with ^ and end with $'
  let variable = 0
  let i = 1
  const end = pattern.length - 1
  while (i < end) {
    const c = pattern[i]!
    if (c === '(' || c === ')') return 'must not use groups ( … )'
    if (c === '|') return 'must not use alternation |'
    if (c === '^' || c === '$') return 'may use ^ and $ only at its ends'
    if (c === '\\') {
      const next = pattern[i + 1]
      if (next === undefined || i + 1 >= end) return 'ends with a lone backslash'
      if (/[1-9k]/.test(next)) return 'must not use back-references'
      if (next === 'u' && pattern[i + 2] === '{') return 'must not use \\u{…} escapes'
      if ((next === 'p' || next === 'P') && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3)
        if (close === -1 || close >= end) return 'has an unclosed \\p{…}'
        i = close + 1
      } else i += 2
    } else if (c === '[') {
      const close = classEnd(pattern, i)
      if (close === undefined || close >= end) return 'has an unclosed character class ['
      i = close + 1
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      return `has a quantifier ${c} with nothing before it`
    } else {
      i += 1
    }
    // A quantifier may follow the atom just read.
    const q = quantifierAt(pattern, i)
    if (q === 'invalid') return 'has a malformed {m,n} quantifier'
    if (q) {
      if (q.variable) variable++
      if (variable > 1) return 'may have at most one quantifier of variable length (* + ? {m,n})'
      i = q.next
      if (pattern[i] === '?' || pattern[i] === '+') return 'must not use lazy or possessive quantifiers'
    }
  }
  try {
    new RegExp(pattern, 'u')
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`
  }
  return undefined
}

function classEnd(pattern: string, open: number): number | undefined {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === '[') return undefined
    else if (pattern[i] === ']' && i > open + 1) return i
  }
  return undefined
}

function quantifierAt(
  pattern: string,
  i: number,
): { variable: boolean; next: number } | 'invalid' | undefined {
  const c = pattern[i]
  if (c === '*' || c === '+' || c === '?') return { variable: true, next: i + 1 }
  if (c !== '{') return undefined
  const match = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(pattern.slice(i, i + 12))
  if (!match) return 'invalid'
  const min = Number(match[1])
  const max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3])
  if (max < min) return 'invalid'
  return { variable: max !== min, next: i + match[0].length }
}
