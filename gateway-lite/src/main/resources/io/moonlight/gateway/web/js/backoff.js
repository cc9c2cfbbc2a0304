// Waits between reconnection attempts: 0.5 s, doubling up to 10 s, back to 0.5 s after a success
// (docs/streaming.md: both sides reconnect on their own with this backoff).

export const FIRST_DELAY_MS = 500;
export const LONGEST_DELAY_MS = 10_000;

export class Backoff {
  constructor() {
    this.delay = FIRST_DELAY_MS;
  }

  /** The wait before the next attempt; the one after it is twice as long, up to the longest. */
  next() {
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, LONGEST_DELAY_MS);
    return wait;
  }

  reset() {
    this.delay = FIRST_DELAY_MS;
  }
}
