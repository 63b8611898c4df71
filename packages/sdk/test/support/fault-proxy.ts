/**
 * A real HTTP proxy on 127.0.0.1 that injects faults between the SDK and the server: error
 * statuses, 429 with Retry-After, connection resets before or after the server stored the
 * batch, slow responses, and restarts. `plan(requestIndex)` decides each request's fate.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { listen } from './listen.js'

export type Fault =
  | { kind: 'pass' }
  /** Answer this status without forwarding. */
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** Drop the connection without forwarding. */
  | { kind: 'reset' }
  /** Forward (the server stores the batch), then drop the connection instead of answering. */
  | { kind: 'reset-after-forward' }
  /** Forward after `ms`, then answer (a slow server; a client timeout may fire first). */
  | { kind: 'delay'; ms: number }

export type FaultPlan = (requestIndex: number) => Fault

export interface FaultProxy {
  readonly url: string
  readonly requests: number
  /** Faults actually injected, by kind. */
  readonly injected: Map<Fault['kind'], number>
  setPlan(plan: FaultPlan): void
  restart(): Promise<void>
  close(): Promise<void>
}

const PASS: Fault = { kind: 'pass' }

export async function startFaultProxy(upstream: string, plan: FaultPlan = () => PASS): Promise<FaultProxy> {
  const target = new URL(upstream)
  const timers = new Set<NodeJS.Timeout>()
  const injected = new Map<Fault['kind'], number>()
  let current = plan
  let requests = 0

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: Record<string, string>, data: Buffer) => void,
    onFail: () => void,
  ) => {
    const upstreamReq = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, connection: 'close' },
        agent: false,
      },
      (upstreamRes) => {
        const chunks: Buffer[] = []
        upstreamRes.on('data', (c: Buffer) => chunks.push(c))
        upstreamRes.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [k, v] of Object.entries(upstreamRes.headers)) {
            if (
              typeof v === 'string' &&
              k !== 'connection' &&
              k !== 'keep-alive' &&
              k !== 'transfer-encoding'
            )
              headers[k] = v
          }
          onAnswer(upstreamRes.statusCode ?? 502, headers, Buffer.concat(chunks))
        })
        upstreamRes.on('error', onFail)
      },
    )
    upstreamReq.on('error', onFail)
    upstreamReq.end(body)
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const fault = current(requests++)
    if (fault.kind !== 'pass') injected.set(fault.kind, (injected.get(fault.kind) ?? 0) + 1)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('error', () => res.destroy())
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const answer = (status: number, headers: Record<string, string>, data: Buffer) => {
        if (res.destroyed) return
        res.writeHead(status, { ...headers, 'content-length': data.length })
        res.end(data)
      }
      const badGateway = () =>
        answer(
          502,
          { 'content-type': 'application/json' },
          Buffer.from('{"error":{"code":"bad_gateway","message":"upstream down"}}'),
        )
      switch (fault.kind) {
        case 'pass':
          return forward(req, body, answer, badGateway)
        case 'status': {
          const text = Buffer.from(`{"error":{"code":"injected","message":"injected ${fault.status}"}}`)
          return answer(fault.status, { 'content-type': 'application/json', ...fault.headers }, text)
        }
        case 'reset':
          return req.socket.destroy()
        case 'reset-after-forward':
          return forward(
            req,
            body,
            () => req.socket.destroy(),
            () => req.socket.destroy(),
          )
        case 'delay': {
          const timer = setTimeout(() => {
            timers.delete(timer)
            forward(req, body, answer, badGateway)
          }, fault.ms)
          timers.add(timer)
        }
      }
    })
  })
  await listen(server, 0)
  const port = (server.address() as AddressInfo).port

  const stop = async () => {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests
    },
    injected,
    setPlan(plan) {
      current = plan
    },
    restart: async () => {
      await stop()
      await listen(server, port)
    },
    close: stop,
  }
}
