import type { Server } from 'node:net'

/** Listens on 127.0.0.1:`port` (0: any free port); rejects instead of throwing when the port is taken. */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}
