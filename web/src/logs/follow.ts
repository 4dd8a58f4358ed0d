// Whether a log keeps showing its newest line. It follows until the user scrolls up, and follows
// again once they are back at the bottom; growth of the log alone never changes it, and neither
// does a scroll down that stops short of the end.

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** Closer to the end than this counts as at the end: zoom and fractional pixels leave a remainder. */
const SLACK_PX = 4;

export function isAtEnd(metrics: ScrollMetrics): boolean {
  return metrics.scrollHeight - metrics.clientHeight - metrics.scrollTop <= SLACK_PX;
}

/** After a scroll event: `previousTop` is where the previous one left the view. */
export function followsAfterScroll(following: boolean, previousTop: number, metrics: ScrollMetrics): boolean {
  if (isAtEnd(metrics)) return true;
  if (metrics.scrollTop < previousTop) return false;
  return following;
}
