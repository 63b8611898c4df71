/** Cursor paging with a way back: the cursor of every page visited so far. */
import { useState } from 'preact/hooks'

export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  return {
    page: cursors.length - 1,
    cursor: cursors.at(-1),
    next: (cursor: string) => setCursors((list) => [...list, cursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    reset: () => setCursors([undefined]),
  }
}
