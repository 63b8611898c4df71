/**
 * Requests Node's HTTP parser refuses before Fastify sees them — a request line and headers over
 * the 16 KiB limit (a long query string), a malformed request, a client too slow to send its
 * headers — answered in the API's one error shape, `{ error: { code, message } }`, like every
 * other refusal, and the connection closed (the parser cannot resume on it).
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ErrorCode } from './errors.js'

function refusalOf(code: string | undefined): [number, ErrorCode, string] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return [
      431,
      'headers_too_large',
      'the request line and headers exceed 16 KiB: shorten the query string (search text, id lists) or the headers',
    ]
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, 'request_timeout', 'the request headers did not arrive in time; send them again']
  return [
    400,
    'bad_request',
    `the HTTP request could not be parsed (${code ?? 'malformed'}); check the request line and headers`,
  ]
}

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const [status, code, message] = refusalOf(error.code)
  const body = JSON.stringify({ error: { code, message } })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
