/**
 * Standard Webhooks v1 signing (https://www.standardwebhooks.com): the secret is `whsec_` +
 * base64 of the key; the signature is base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`),
 * sent as `v1,<signature>`. Receivers verify with any of that spec's libraries.
 */
import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'
const MIN_KEY_BYTES = 24
const MAX_KEY_BYTES = 64

export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64')
}

/** The problem with a caller-chosen secret, or undefined when it is usable. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(PREFIX)) return 'a secret starts with "whsec_" followed by base64'
  const encoded = secret.slice(PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return 'the part after "whsec_" must be standard base64'
  }
  const bytes = Buffer.from(encoded, 'base64').length
  if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
    return `the key must be ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes; this one is ${bytes}`
  }
  return undefined
}

export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64')
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}
