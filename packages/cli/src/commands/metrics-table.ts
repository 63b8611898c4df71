/** The answer of a metrics endpoint as aligned text: one row per metric, a column per group. */

export interface MetricsAnswer {
  customer_id?: string
  from: string | null
  to: string
  metrics?: Record<string, unknown>
  health?: {
    score: number | null
    factors: {
      id: string
      title: string
      value: unknown
      sub_score: number
      weight: number
      contribution: number
    }[]
  }
  group_by?: string
  groups?: { key: Record<string, string>; metrics: Record<string, unknown> }[]
}

export function formatMetricsTable(answer: MetricsAnswer): string {
  const scope = answer.customer_id === undefined ? 'company' : `customer ${answer.customer_id}`
  const lines = [`metrics of ${scope} in [${answer.from ?? 'the beginning'}, ${answer.to})`, '']
  if (answer.groups !== undefined) {
    if (answer.groups.length === 0) return `${lines.join('\n')}no ${answer.group_by} groups in the window\n`
    const ids = Object.keys(answer.groups[0]!.metrics)
    const header = ['metric', ...answer.groups.map((g) => Object.values(g.key).join(','))]
    const rows = ids.map((id) => [id, ...answer.groups!.map((g) => cell(g.metrics[id]))])
    lines.push(...align([header, ...rows]))
  } else {
    lines.push(
      ...align([
        ['metric', 'value'],
        ...Object.entries(answer.metrics ?? {}).map(([id, v]) => [id, cell(v)]),
      ]),
    )
  }
  if (answer.health && answer.health.factors.length > 0) {
    lines.push('', `health score ${cell(answer.health.score)}:`)
    lines.push(
      ...align([
        ['factor', 'value', 'sub-score', 'weight', 'points'],
        ...answer.health.factors.map((f) => [
          f.id,
          cell(f.value),
          cell(f.sub_score),
          cell(f.weight),
          cell(f.contribution),
        ]),
      ]),
    )
  }
  return `${lines.join('\n')}\n`
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)))
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)))
  return rows.map((row) =>
    row
      .map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  )
}
