/**
 * A real HTTP receiver on 127.0.0.1:<random port> that records every request (headers and raw
 * body) and answers as the test tells it: a status, a delay, or never.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'

export interface ReceivedRequest {
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** Parsed body. */
  json: {
    delivery_id: string
    subscription_id: string
    event: Record<string, any>
    segment_transition?: Record<string, any>
  }
  at: number
}

/** What to answer; `hang` keeps the connection open without answering. */
export type Answer =
  | { status: number; headers?: Record<string, string>; delayMs?: number; body?: string }
  | 'hang'

export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  /** Decides each answer; default 204. */
  answer: (request: ReceivedRequest, nth: number) => Answer
  /** Resolves once `n` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>()
  const waiters: { n: number; resolve: () => void }[] = []
  const receiver: Receiver = {
    url: '',
    requests: [],
    answer: () => ({ status: 204 }),
    async waitFor(n, timeoutMs = 15_000) {
      if (receiver.requests.length < n) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () =>
              reject(
                new Error(`receiver got ${receiver.requests.length} of ${n} requests in ${timeoutMs} ms`),
              ),
            timeoutMs,
          )
          waiters.push({
            n,
            resolve: () => {
              clearTimeout(timer)
              resolve()
            },
          })
        })
      }
      return receiver.requests.slice(0, n)
    },
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const received: ReceivedRequest = {
        path: req.url ?? '/',
        headers: req.headers,
        body,
        json: JSON.parse(body),
        at: Date.now(),
      }
      receiver.requests.push(received)
      const answer = receiver.answer(received, receiver.requests.length)
      for (const w of waiters.filter((w) => receiver.requests.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers)
        res.end(answer.body)
      }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`
  return receiver
}
