/**
 * @cebe/sdk/webhooks — verify CEBE webhook deliveries in a receiver, without loading the client.
 *
 * ```ts
 * import { verifyWebhook } from '@cebe/sdk/webhooks'
 * const delivery = verifyWebhook({ secret, headers: request.headers, body: rawBody })
 * ```
 */
export type {
  VerifyWebhookOptions,
  WebhookDelivery,
  WebhookHeaders,
  WebhookVerificationCode,
} from './webhook-verify.js'
export { verifyWebhook, WebhookVerificationError } from './webhook-verify.js'
