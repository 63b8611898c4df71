/** RFC 3339 date-times with an offset, as every `from`/`to` query parameter takes them. */

const RFC3339 =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$/

/** RFC 3339 date-time with an offset, to ms since the epoch; impossible dates (Feb 30, 24:00) are refused. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text)
  if (!match) return undefined
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const fields = new Date(0)
  fields.setUTCFullYear(y, mo - 1, d) // not Date.UTC, which reads years 0–99 as 1900–1999
  fields.setUTCHours(h, mi, s)
  const valid =
    fields.getUTCFullYear() === y &&
    fields.getUTCMonth() === mo - 1 &&
    fields.getUTCDate() === d &&
    fields.getUTCHours() === h &&
    fields.getUTCMinutes() === mi &&
    fields.getUTCSeconds() === s
  const offset = match[8]!
  const offsetOk =
    !/^[+-]/.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4)) <= 59)
  if (!valid || !offsetOk) return undefined
  const ms = Date.parse(text.toUpperCase())
  return Number.isNaN(ms) ? undefined : ms
}
