/**
 * The web-form rate limit: a token bucket per address (`perMinute` posts, refilled evenly), in a
 * table of at most `maxAddresses` entries. It never forgets an address that is being limited to
 * make room for others, and never wipes the table.
 *
 * Two segments, like a segmented LRU: an address seen once sits in `probation`; a post while
 * its bucket is not yet full again moves it to `protected`. A flood of one-shot addresses (the only way to
 * fill the table) only churns probation, oldest first, so an address that has spent its
 * allowance keeps its empty bucket. Protected entries are dropped, oldest first, only when
 * probation is empty, and an address whose bucket has refilled goes back to probation.
 */
export type RateLimiter = { hit(address: string, now?: number): boolean; readonly size: number };

type Bucket = { tokens: number; at: number };

export function createRateLimiter({ perMinute, maxAddresses }: { perMinute: number; maxAddresses: number }): RateLimiter {
  const probation = new Map<string, Bucket>(); // insertion order = least recently used first
  const protectedSeg = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;

  const refill = (b: Bucket, now: number) => {
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) * refillPerMs);
    b.at = now;
  };
  const oldest = (m: Map<string, Bucket>) => m.keys().next().value as string;
  const makeRoom = () => {
    while (probation.size + protectedSeg.size >= maxAddresses) {
      if (probation.size) probation.delete(oldest(probation));
      else protectedSeg.delete(oldest(protectedSeg));
    }
  };

  return {
    /** Records a post; true when this address is over its limit (the post is refused). */
    hit(address: string, now = Date.now()): boolean {
      let bucket = protectedSeg.get(address);
      if (bucket) protectedSeg.delete(address);
      else {
        bucket = probation.get(address);
        if (bucket) probation.delete(address);
      }
      if (!bucket) {
        makeRoom();
        bucket = { tokens: perMinute, at: now };
        refill(bucket, now);
        bucket.tokens -= 1;
        probation.set(address, bucket);
        return false;
      }
      refill(bucket, now);
      // A bucket that had refilled carried no history: like a first post, it goes to probation.
      const wasFull = bucket.tokens >= perMinute;
      const limited = bucket.tokens < 1;
      if (!limited) bucket.tokens -= 1;
      (wasFull ? probation : protectedSeg).set(address, bucket);
      return limited;
    },
    get size() {
      return probation.size + protectedSeg.size;
    },
  };
}
