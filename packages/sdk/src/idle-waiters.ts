/**
 * `flush` and `shutdown` wait for the client to go idle (nothing queued, waiting or in flight),
 * or for their timeout. This holds those waits; the client releases them when it goes idle.
 */
export class IdleWaiters {
  readonly #isIdle: () => boolean
  readonly #waiting: (() => void)[] = []

  constructor(isIdle: () => boolean) {
    this.#isIdle = isIdle
  }

  /** Resolves when `release` is called or `timeoutMs` passes (never times out without one). */
  whenIdle(timeoutMs: number | undefined): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined
      const done = () => {
        if (timer) clearTimeout(timer)
        const index = this.#waiting.indexOf(done)
        if (index >= 0) this.#waiting.splice(index, 1)
        resolve()
      }
      this.#waiting.push(done)
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs)
    })
  }

  release(): void {
    for (const resolve of this.#waiting.splice(0)) resolve()
  }
}
