/** A table whose column headers sort it (buttons, so the keyboard sorts too; aria-sort says how). */
import type { ComponentChildren } from 'preact'
import { useMemo, useState } from 'preact/hooks'

export interface Column<Row> {
  id: string
  title: string
  value: (row: Row) => string | number | null
  render?: (row: Row) => ComponentChildren
  numeric?: boolean
}

export function SortableTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
}: {
  caption: string
  columns: Column<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string
  initialSort?: { column: string; descending: boolean }
}) {
  const [sort, setSort] = useState(initialSort ?? { column: columns[0]!.id, descending: false })
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.id === sort.column) ?? columns[0]!
    const direction = sort.descending ? -1 : 1
    return [...rows].sort((a, b) => {
      const x = column.value(a)
      const y = column.value(b)
      if (x === y) return 0
      if (x === null) return 1
      if (y === null) return -1
      return (x < y ? -1 : 1) * direction
    })
  }, [rows, columns, sort])
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = column.id === sort.column
              return (
                <th
                  key={column.id}
                  scope="col"
                  class={column.numeric ? 'num' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    class="sort"
                    onClick={() =>
                      setSort({
                        column: column.id,
                        descending: active ? !sort.descending : column.numeric === true,
                      })
                    }
                  >
                    {column.title}
                    <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.id} class={column.numeric ? 'num' : undefined}>
                  {column.render ? column.render(row) : column.value(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
