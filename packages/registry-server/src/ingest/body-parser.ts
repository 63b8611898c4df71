/**
 * Request bodies of the ingest API: JSON only, optionally gzip. Limits are checked on the
 * decompressed size with zlib's own output cap, so a gzip bomb stops at the limit instead of
 * filling memory.
 */
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { ServerError } from '../errors.js'

const gunzipAsync = promisify(gunzip)
// fatal: bytes that are not UTF-8 are an error, not silently replaced by U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function registerJsonBodyParser(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    'application/json',
    // The compressed body can only be bigger than the decompressed one by gzip's framing.
    { parseAs: 'buffer', bodyLimit: maxBytes + 64 * 1024 },
    async (request: FastifyRequest, raw: Buffer) => parseJson(await decode(request, raw, maxBytes)),
  )
}

async function decode(request: FastifyRequest, raw: Buffer, maxBytes: number): Promise<Buffer> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase()
  if (encoding === 'identity' || encoding === '') {
    if (raw.length > maxBytes) throw bodyTooLarge(maxBytes, false)
    return raw
  }
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new ServerError(
      'unsupported_media_type',
      415,
      `Content-Encoding "${encoding}" is not supported; use gzip`,
    )
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes })
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw bodyTooLarge(maxBytes, true)
    throw new ServerError('bad_request', 400, 'the body is not valid gzip')
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0)
    throw new ServerError('invalid_json', 400, 'the body is empty; send {"events": [...]}')
  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    throw new ServerError(
      'invalid_json',
      400,
      `the body is not valid UTF-8 (byte offset ${firstInvalidUtf8(body)}); send JSON encoded as UTF-8`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ServerError('invalid_json', 400, `the body is not valid JSON: ${(error as Error).message}`)
  }
}

/** Where the first byte sequence that is not UTF-8 starts; only computed for a refused body. */
function firstInvalidUtf8(body: Buffer): number {
  let i = 0
  while (i < body.length) {
    const b = body[i]!
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (length === 0 || i + length > body.length) return i
    try {
      utf8.decode(body.subarray(i, i + length))
    } catch {
      return i
    }
    i += length
  }
  return i
}

/**
 * The 413 for a body past the limit, whether this parser measured it or Fastify stopped reading
 * it first (`FST_ERR_CTP_BODY_TOO_LARGE`, for bodies past the limit plus gzip's framing): both say
 * the limit and what to do.
 */
export function bodyLimitError(
  error: unknown,
  request: FastifyRequest,
  maxBytes: number,
): ServerError | undefined {
  if ((error as Partial<FastifyError>)?.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return undefined
  const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase()
  return bodyTooLarge(maxBytes, encoding.includes('gzip'))
}

function bodyTooLarge(maxBytes: number, gzipped: boolean): ServerError {
  const limit = `${formatBytes(maxBytes)} (${maxBytes} bytes)`
  const advice = gzipped
    ? 'split the batch into smaller requests'
    : 'split the batch into smaller requests; gzip them (Content-Encoding: gzip) to send fewer bytes, the limit counts decompressed bytes'
  return new ServerError(
    'payload_too_large',
    413,
    `the request body is larger than the limit of ${limit} after decompression: ${advice}`,
    { limit_bytes: maxBytes },
  )
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
