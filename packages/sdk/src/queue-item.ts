/** One event waiting in the client: what the queue, the batches and the spool pass around. */
export interface QueueItem {
  readonly id: string
  /** The serialized event, without `sent_at`. */
  readonly json: string
  /** Wire bytes of the event including `sent_at`. */
  readonly bytes: number
  /** The spool segment that holds it, when a spool is configured. */
  readonly segment?: number
}
