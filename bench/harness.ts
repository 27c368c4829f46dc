/**
 * Side-by-side measurement: contenders run interleaved (their order rotated every round) after a
 * warm-up, so a noisy neighbour slows all of them alike. Reports the median and the spread.
 */
export interface Stats {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent. */
  spreadPct: number;
  samples: number;
}

export interface Comparison {
  name: string;
  unit: string;
  results: Record<string, Stats>;
  /** Each contender's samples in round order, so two contenders can be compared round by round. */
  perRound?: Record<string, number[]>;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const min = sorted[0] ?? 0;
  const max = sorted.at(-1) ?? 0;
  return { median, min, max, spreadPct: median ? ((max - min) / median) * 100 : 0, samples: sorted.length };
}

/** Operations per second of each contender, `batch` operations per sample, `rounds` samples each. */
export async function throughput(
  name: string,
  contenders: Record<string, () => unknown>,
  { rounds = 15, batch = 500, warmupRounds = 3 } = {},
): Promise<Comparison> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length] as string);
    for (const contender of order) {
      const run = contenders[contender] as () => unknown;
      const started = performance.now();
      for (let i = 0; i < batch; i++) await run();
      const seconds = (performance.now() - started) / 1000;
      if (round >= warmupRounds) samples[contender]?.push(batch / seconds);
    }
  }
  return {
    name,
    unit: "ops/s",
    results: Object.fromEntries(names.map((n) => [n, stats(samples[n] ?? [])])),
    perRound: samples,
  };
}

/** Wall time in ms of each contender, run `rounds` times interleaved. */
export async function wallTime(
  name: string,
  contenders: Record<string, () => Promise<unknown>>,
  { rounds = 5, warmupRounds = 1 } = {},
): Promise<Comparison> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const contender of names.map((_, i) => names[(i + round) % names.length] as string)) {
      const started = performance.now();
      await (contenders[contender] as () => Promise<unknown>)();
      if (round >= warmupRounds) samples[contender]?.push(performance.now() - started);
    }
  }
  return {
    name,
    unit: "ms",
    results: Object.fromEntries(names.map((n) => [n, stats(samples[n] ?? [])])),
    perRound: samples,
  };
}

/**
 * `a` over `b`: the median of their round-by-round ratios, each taken from two samples run next to
 * each other, so the machine's drift over a run (this one's loopback GETs moved between 200 and
 * 400 µs) cancels out instead of landing on whichever contender it hit. The ratio of the two
 * medians when a comparison has no rounds.
 */
export function ratio(comparison: Comparison, a: string, b: string): number {
  const [as, bs] = [comparison.perRound?.[a], comparison.perRound?.[b]];
  if (as && bs && as.length === bs.length && as.length > 0) return stats(as.map((x, i) => x / (bs[i] ?? 1))).median;
  return (comparison.results[a]?.median ?? 0) / (comparison.results[b]?.median ?? 1);
}

/** One webhook as the API answers it: the body the per-request benches send back. */
export const WEBHOOK_JSON = JSON.stringify({
  id: 1,
  url: "https://example.com/h",
  event_type: "lead_received",
  created_at: "2024-11-27T16:10:44Z",
  updated_at: "2024-11-27T16:10:44Z",
  org_id: 1,
  custom_headers: { "X-A": "b" },
});
