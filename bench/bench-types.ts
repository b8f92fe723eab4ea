/**
 * One measured figure. Benchmarks never assert wall-clock times; they report a value next to a
 * limit or a baseline measured in the same run, so results stay comparable across machines.
 */
export interface BenchResult {
  /** e.g. "idcard: card placed → card read". */
  name: string;
  value: number;
  unit: 'ms' | 'MiB' | 'kB' | 'ops/s' | 'MiB/s' | 'ratio';
  /** A baseline measured in the same run (e.g. wire time of the same bytes at 115200 baud). */
  baseline?: { name: string; value: number };
  /** value / baseline.value, or value / limit. */
  ratio?: number;
  /** The limit the figure is judged against, in the same unit as value. */
  limit?: number;
  /** Whether the figure is within its limit (when one is set). */
  withinLimit?: boolean;
  notes?: string;
}

/** A bench module default-exports one of these; scripts/bench.mjs runs them all and writes RESULTS.md. */
export interface BenchSuite {
  title: string;
  run(): Promise<BenchResult[]>;
}
