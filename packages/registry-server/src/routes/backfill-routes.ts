/**
 * POST /v1/backfill — a stream of historical events as NDJSON (optionally gzip). The body is not
 * buffered: a content-type parser of this plugin alone hands the raw stream to the pipeline, so
 * the request size is bounded by time (the server's request timeout), not by memory.
 */
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { backfill } from '../backfill/backfill-pipeline.js'
import { allErrorAnswers, bearerAuth } from '../contract/common.js'
import { backfillAnswer } from '../contract/ingest-contract.js'
import { ServerError } from '../errors.js'

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl']
const BATCH_EVENTS = 2_000
const MAX_REJECTS = 10_000

// The body is a stream; the pipeline validates it line by line, naming each bad line.
const ndjsonBody = z.unknown().meta({ type: 'string', description: 'NDJSON: one event per line' })

/** About 120 typical lines per decompressed chunk. */
const GUNZIP_CHUNK_BYTES = 64 * 1024

export async function backfillRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload))

  app.post(
    '/v1/backfill',
    {
      schema: {
        summary: 'Load historical events (NDJSON stream)',
        description:
          'One event envelope per line, `Content-Type: application/x-ndjson`, optionally `Content-Encoding: gzip`. ' +
          'Each line is validated like POST /v1/events; bad lines are reported with their line number and do not ' +
          'stop the stream. Backfilled events update timelines and aggregates but never fire webhooks. ' +
          'Idempotent: re-sending a stream reports stored events as duplicates, so an interrupted backfill ' +
          'resumes by sending it again. Answered after the last commit.',
        tags: ['ingest'],
        security: bearerAuth,
        consumes: NDJSON_TYPES,
        body: ndjsonBody,
        response: { 200: backfillAnswer, ...allErrorAnswers },
      },
      // Before the stream is read: without a valid write key, not a byte of it is parsed.
      onRequest: requireKey(ctx.authenticator, 'write'),
    },
    async (request) => {
      const principal = principalOf(request)
      const raw = request.body as Readable
      if (typeof raw?.pipe !== 'function') {
        throw new ServerError('unsupported_media_type', 415, 'send the body as application/x-ndjson')
      }
      const encoding = String(request.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase()
      let stream: Readable = raw
      if (encoding === 'gzip' || encoding === 'x-gzip') {
        // Larger output chunks than zlib's 16 KiB: fewer stream callbacks per line on the request thread.
        const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })
        raw.on('error', (error) => gunzip.destroy(error))
        stream = raw.pipe(gunzip)
      } else if (encoding !== 'identity' && encoding !== '') {
        throw new ServerError(
          'unsupported_media_type',
          415,
          `Content-Encoding "${encoding}" is not supported; use gzip`,
        )
      }
      try {
        return await backfill(stream, principal, ctx, {
          maxLineBytes: ctx.config.maxEventBytes * 2,
          batchEvents: BATCH_EVENTS,
          maxRejects: MAX_REJECTS,
        })
      } catch (error) {
        if (
          (error as { code?: string }).code === 'Z_DATA_ERROR' ||
          (error as { code?: string }).code === 'Z_BUF_ERROR'
        ) {
          throw new ServerError(
            'bad_request',
            400,
            'the body is not valid gzip; lines before the damage are stored',
          )
        }
        throw error
      }
    },
  )
}
