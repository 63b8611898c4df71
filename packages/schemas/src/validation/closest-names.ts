/** Suggests the known names nearest to a misspelt one ("did you mean …?"). */
export function closestNames(input: string, known: Iterable<string>, limit = 3): string[] {
  const scored: { name: string; distance: number }[] = []
  for (const name of known) {
    const distance = editDistance(input, name)
    if (distance <= Math.max(2, Math.floor(name.length / 4))) scored.push({ name, distance })
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name)
}

/** Levenshtein distance with one rolling row. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}
