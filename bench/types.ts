/** One figure of `npm run bench`, as written to bench-results.json. */
export type BenchResult = {
  id: string; // e.g. "P3", "P3@10k"
  value: number;
  unit: string; // "ms", "MB", "ops/s"
  baseline: number | null; // the baseline measured in the same run, same unit
  ratio: number | null; // value / baseline
  goal?: string; // human-readable goal, e.g. "<= 30 ms and <= 2x baseline"
  note?: string;
};

/** Every bench module under bench/ exports `run` returning its figures. */
export type BenchModule = { run: (opts: { quick: boolean }) => Promise<BenchResult[]> };
