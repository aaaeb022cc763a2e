/** Prometheus text format, by hand: a few counters, gauges and one histogram. */
const ACK_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

export function createMetrics() {
  const counters = new Map<string, number>();
  const gauges = new Map<string, () => number>();
  const ackBuckets = ACK_BUCKETS_MS.map(() => 0);
  let ackCount = 0;
  let ackSum = 0;

  const key = (name: string, labels?: Record<string, string>) =>
    labels ? `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}` : name;

  return {
    inc(name: string, by = 1, labels?: Record<string, string>) {
      const k = key(name, labels);
      counters.set(k, (counters.get(k) ?? 0) + by);
    },
    gauge(name: string, read: () => number) {
      gauges.set(name, read);
    },
    observeAck(ms: number) {
      ackCount++;
      ackSum += ms;
      ACK_BUCKETS_MS.forEach((b, i) => {
        if (ms <= b) ackBuckets[i]++;
      });
    },
    counter(name: string, labels?: Record<string, string>) {
      return counters.get(key(name, labels)) ?? 0;
    },
    render(): string {
      const lines: string[] = [];
      for (const [name, read] of gauges) lines.push(`# TYPE ${name} gauge`, `${name} ${read()}`);
      const typed = new Set<string>();
      for (const [k, v] of [...counters].sort()) {
        const name = k.split('{')[0];
        if (!typed.has(name)) lines.push(`# TYPE ${name} counter`), typed.add(name);
        lines.push(`${k} ${v}`);
      }
      lines.push('# TYPE outpost_ack_latency_ms histogram');
      ACK_BUCKETS_MS.forEach((b, i) => lines.push(`outpost_ack_latency_ms_bucket{le="${b}"} ${ackBuckets[i]}`));
      lines.push(`outpost_ack_latency_ms_bucket{le="+Inf"} ${ackCount}`, `outpost_ack_latency_ms_sum ${ackSum}`, `outpost_ack_latency_ms_count ${ackCount}`);
      return lines.join('\n') + '\n';
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
