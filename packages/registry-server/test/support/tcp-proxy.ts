/** A TCP proxy in front of PostgreSQL that a test can cut, to make a real store outage. */
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  port: number
  /** Drops every connection and refuses new ones until `restore`. */
  cut(): void
  /** Keeps every connection open but forwards nothing, either way, until `restore`: a frozen server. */
  freeze(): void
  restore(): void
  close(): Promise<void>
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let down = false
  let frozen = false
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    if (down) return client.destroy()
    const upstream = connect(targetPort, targetHost)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => undefined)
    }
    // Written bytes are dropped while frozen: a frozen server neither reads nor answers.
    client.on('data', (chunk) => {
      if (!frozen) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!frozen) client.write(chunk)
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      down = true
      for (const s of sockets) s.destroy()
    },
    freeze() {
      frozen = true
    },
    restore() {
      down = false
      frozen = false
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
