/**
 * The `flushIntervalMs` timer. The client arms it only while there is work, so an idle client
 * never holds the process open; arming an armed timer does nothing.
 */
export class FlushTimer {
  readonly #intervalMs: number
  readonly #onFire: () => void
  #timer: NodeJS.Timeout | undefined

  constructor(intervalMs: number, onFire: () => void) {
    this.#intervalMs = intervalMs
    this.#onFire = onFire
  }

  arm(): void {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#onFire()
    }, this.#intervalMs)
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
