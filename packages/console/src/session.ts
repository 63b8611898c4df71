/**
 * The read key of this browser tab. sessionStorage, not localStorage: it ends with the tab and is
 * never shared with other tabs; never a URL, so it stays out of history, logs and Referer headers.
 */
const KEY = 'cebe.console.readKey'

export function savedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}

export function saveKey(key: string): void {
  sessionStorage.setItem(KEY, key)
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY)
}
