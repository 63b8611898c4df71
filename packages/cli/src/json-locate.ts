/**
 * The line of every value of a (valid) JSON text, by JSON pointer, so an error at
 * `/event_attributes/channel` in a pretty-printed file points at the line of `channel`.
 * Only run for events that failed validation, so it favours brevity over speed.
 */
export function pointerLines(text: string, firstLine = 1): Map<string, number> {
  const lines = new Map<string, number>()
  let i = 0
  let line = firstLine

  const skipSpace = () => {
    while (i < text.length) {
      const ch = text[i]
      if (ch === '\n') line++
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== ',' && ch !== ':') return
      i++
    }
  }
  const readString = (): string => {
    const start = i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const value = (pointer: string): void => {
    skipSpace()
    lines.set(pointer, line)
    const ch = text[i]
    if (ch === '{') {
      i++
      for (skipSpace(); text[i] !== '}' && i < text.length; skipSpace()) {
        const key = readString()
        value(`${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
      }
      i++
    } else if (ch === '[') {
      i++
      let index = 0
      for (skipSpace(); text[i] !== ']' && i < text.length; skipSpace()) value(`${pointer}/${index++}`)
      i++
    } else if (ch === '"') {
      readString()
    } else {
      while (i < text.length && !',]}\n\r\t '.includes(text[i]!)) i++
    }
  }
  value('')
  return lines
}
