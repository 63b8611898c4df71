/**
 * A client that closes its connection while its body is still arriving makes the body stream
 * fail with ECONNRESET — the same code a lost database connection has. It is the client's doing,
 * not an outage: no 5xx, no error log, no outage alert; a debug line and a counter.
 */
import type { FastifyRequest } from 'fastify'

export function isClientAbort(request: FastifyRequest, error: unknown): boolean {
  const raw = request.raw
  if (raw.readableAborted || (raw.destroyed && !raw.complete)) return true
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ECONNRESET' && (error as Error).message === 'aborted' && !raw.complete
}
