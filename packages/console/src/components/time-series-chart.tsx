/**
 * A line chart (uPlot: small, fast, canvas) with its numbers in a table under "Show data": the
 * table is the chart for keyboard and screen-reader users, and what tests compare with the API.
 */
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatTime, formatValue } from '../format.js'

export interface Series {
  id: string
  label: string
  unit?: string
  values: (number | null)[]
}

// Distinguishable for common colour-vision deficiencies (Okabe–Ito), dark enough on white.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00']

export function TimeSeriesChart({
  title,
  times,
  series,
  height = 200,
}: {
  title: string
  /** Bucket starts, in milliseconds. */
  times: number[]
  series: Series[]
  height?: number
}) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = box.current
    if (!element) return
    const unit = series[0]?.unit
    const plot = new uPlot(
      {
        width: Math.max(240, element.clientWidth),
        height,
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            points: { show: true, size: 5 },
            value: (_u: uPlot, v: number | null) => formatValue(v, s.unit),
          })),
        ],
        axes: [
          {},
          { size: 64, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => formatValue(t, unit)) },
        ],
        scales: { x: { time: true } },
        legend: { show: true },
      },
      [times.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    )
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(240, element.clientWidth), height }),
    )
    resize.observe(element)
    return () => {
      resize.disconnect()
      plot.destroy()
    }
  }, [times, series, height])
  return (
    <figure class="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${title}: line chart over ${times.length} periods; the data is in the table below`}
      />
      <details>
        <summary>Show data</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Period from</th>
                {series.map((s) => (
                  <th scope="col" key={s.id} class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {times.map((t, row) => (
                <tr key={t}>
                  <td>{formatTime(new Date(t).toISOString())}</td>
                  {series.map((s) => (
                    <td
                      key={s.id}
                      class="num"
                      data-series={s.id}
                      data-value={JSON.stringify(s.values[row] ?? null)}
                    >
                      {formatValue(s.values[row], s.unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
