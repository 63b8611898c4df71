/** Which segment transitions a subscription wants, and so which segments need watching. */
import type { SegmentTransition, Subscription } from '../storage/webhook-store.js'

/** Names this segment (or any) for some transition. */
export function watchesSegment(s: Subscription, segmentId: string): boolean {
  return s.segments.some((x) => x.segmentId === null || x.segmentId === segmentId)
}

/** Like events, a subscription receives transitions detected after it was created. */
export function wantsTransition(s: Subscription, t: SegmentTransition): boolean {
  return (
    s.createdAt <= t.detectedAt &&
    s.segments.some(
      (x) => x.transition === t.transition && (x.segmentId === null || x.segmentId === t.segmentId),
    )
  )
}
