// Catalog search at provincial scale: 100,000 items (the seed catalog as every county of a province
// publishes it, with the pinyin the platform adds). p95 per query for the terminal's bigram index,
// against a plain in-memory substring scan and fuse.js, all in the same run over the same items and
// queries, in wall time and in CPU time (which another process's time slices do not inflate); the
// index build against fuse.js's, with the platform's pinyin and with the terminal converting it.
import Fuse from 'fuse.js';
import { performance } from 'node:perf_hooks';
import type { CatalogItem } from '../contract/catalog.js';
import { CatalogIndex } from '../main/host/features/o2o/o2o-search.js';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { withSpokenForms, type PinyinMemo } from '../common/spoken-forms.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const ITEMS = 100_000;
const CITIES = ['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市', '衢州市', '舟山市', '台州市', '丽水市'];
const COUNTY_PARTS = ['东', '西', '南', '北', '中', '新', '江', '山', '湖', '海', '城', '安', '平', '阳', '清', '临', '永', '德', '龙', '长'];
const COUNTY_KINDS = ['区', '县', '市'];

/** Every county's copy of every item, with the county in the name, as a provincial catalog lists them. */
function provincialCatalog(): CatalogItem[] {
  const regions: string[] = [];
  for (const city of CITIES)
    for (const a of COUNTY_PARTS) for (const b of COUNTY_PARTS) for (const kind of COUNTY_KINDS) regions.push(`${city}${a}${b}${kind}`);
  const items: CatalogItem[] = [];
  for (let i = 0; items.length < ITEMS; i++) {
    const seed = SEED_ITEMS[i % SEED_ITEMS.length]!;
    const region = regions[Math.floor(i / SEED_ITEMS.length) % regions.length]!;
    items.push({ ...seed, code: `${seed.code}${String(i).padStart(6, '0')}`, name: `${region}${seed.name}`, department: `${region}${seed.department}` });
  }
  return items;
}

// What citizens type: initials, full pinyin, Chinese words, synonyms, two-word queries.
const QUERIES = [
  'sbk',
  'sfz',
  'gjj',
  'shebaoka',
  'gongjijin',
  '社保卡',
  '身份证',
  '公积金 租房',
  '过户',
  '高龄津贴',
  '结婚',
  '营业执照',
  '残疾证',
  '医保报销',
  '户口',
  'ylj',
];

const p95 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

/** This process's CPU time in ms (user + system). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One sample per query per round; with `bestOf` > 1, a sample is the fastest of that many back-to-back runs. */
function time(run: (query: string) => unknown, rounds: number, bestOf = 1, clock: () => number = () => performance.now()): number[] {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const query of QUERIES) {
      let best = Infinity;
      for (let b = 0; b < bestOf; b++) {
        const started = clock();
        run(query);
        best = Math.min(best, clock() - started);
      }
      samples.push(best);
    }
  }
  return samples;
}

/** Wall and CPU time of one call. */
function measure<T>(run: () => T): { value: T; wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = cpuMs();
  const value = run();
  return { value, wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
}

const suite: BenchSuite = {
  title: 'Catalog search (100,000 items)',
  async run() {
    const items = provincialCatalog();
    // As the platform publishes them: each item with the pinyin of its name and synonyms (not timed:
    // the platform does it once per item revision, not per terminal).
    const memo: PinyinMemo = new Map();
    const published = items.map((item) => withSpokenForms(item, memo));

    const build = measure(() => new CatalogIndex(published, 1));
    const first = build.value;
    // Only its times are kept: the second index would otherwise sit in the heap through the queries,
    // and its garbage collection would land inside them.
    const converting = measure(() => new CatalogIndex(items, 1).size);
    if (first.size !== converting.value) throw new Error('index sizes differ');
    const fuseBuild = measure(() => new Fuse(items, { keys: ['name', 'synonyms'], threshold: 0.3, ignoreLocation: true }));
    const fuse = fuseBuild.value;

    // Plain scan: what a first version would do, Chinese substrings only (it cannot know pinyin).
    const scan = (query: string) => {
      const terms = query.split(/\s+/).filter(Boolean);
      const out: CatalogItem[] = [];
      for (const item of items) if (terms.every((t) => item.name.includes(t) || item.synonyms.some((s) => s.includes(t)))) out.push(item);
      return out.slice(0, 20);
    };
    const ours = (query: string) => first.search(query, { limit: 20 });
    const fuzzy = (query: string) => fuse.search(query, { limit: 20 });

    // Warm up each engine once, then measure.
    for (const run of [ours, scan, fuzzy]) time(run, 1);
    const oursP95 = p95(time(ours, 30));
    const scanP95 = p95(time(scan, 10));
    // One round: fuse.js takes seconds a query on a busy machine, and it is only the far baseline.
    const fuseP95 = p95(time(fuzzy, 1));
    // On a shared machine another process's time slice lands inside a 2 ms query far more often,
    // relative to its length, than inside a 40 ms scan: the fastest of 3 back-to-back runs leaves
    // that out of both.
    const oursSteadyP95 = p95(time(ours, 30, 3));
    const scanSteadyP95 = p95(time(scan, 10, 3));
    // CPU time: what the query costs this process, whatever else runs on the machine.
    const oursCpuP95 = p95(time(ours, 30, 1, cpuMs));
    const scanCpuP95 = p95(time(scan, 10, 1, cpuMs));

    const finds = (names: string[]) => names.some((n) => n.endsWith('社保卡申领'));
    const recall = `"sbk" finds 社保卡申领 — index: ${finds(ours('sbk').hits.map((h) => h.name))}, scan: ${finds(scan('sbk').map((i) => i.name))}, fuse.js: ${finds(fuzzy('sbk').map((r) => r.item.name))}`;

    const fasterBy = scanP95 / oursP95;
    const results: BenchResult[] = [
      {
        name: 'search p95, index vs plain substring scan',
        value: oursP95,
        unit: 'ms',
        baseline: { name: 'substring scan p95', value: scanP95 },
        ratio: oursP95 / scanP95,
        // Target: at least 10 × faster than the scan (and 5 ms on an idle reference machine).
        limit: scanP95 / 10,
        withinLimit: oursP95 <= scanP95 / 10,
        notes: `${QUERIES.length} queries; ${fasterBy.toFixed(1)} × faster than the scan; ${recall}`,
      },
      {
        name: 'search p95, index vs plain substring scan, fastest of 3 back-to-back runs per sample',
        value: oursSteadyP95,
        unit: 'ms',
        baseline: { name: 'substring scan p95, same sampling', value: scanSteadyP95 },
        ratio: oursSteadyP95 / scanSteadyP95,
        limit: scanSteadyP95 / 10,
        withinLimit: oursSteadyP95 <= scanSteadyP95 / 10,
        notes: `${(scanSteadyP95 / oursSteadyP95).toFixed(1)} × faster than the scan; other processes' time slices left out of both`,
      },
      {
        name: 'search p95, index vs fuse.js',
        value: oursP95,
        unit: 'ms',
        baseline: { name: 'fuse.js p95', value: fuseP95 },
        ratio: oursP95 / fuseP95,
        // A kiosk answers each key press; 50 ms keeps typing fluid on the hall's 2-core machines.
        limit: 50,
        withinLimit: oursP95 <= 50,
      },
      {
        name: 'search p95 in CPU time, index vs plain substring scan',
        value: oursCpuP95,
        unit: 'ms',
        baseline: { name: 'substring scan p95 in CPU time', value: scanCpuP95 },
        ratio: oursCpuP95 / scanCpuP95,
        limit: Math.min(5, scanCpuP95 / 10),
        withinLimit: oursCpuP95 <= Math.min(5, scanCpuP95 / 10),
        notes: `${(scanCpuP95 / oursCpuP95).toFixed(1)} × faster than the scan; process.cpuUsage() around each query (µs resolution), so time slices of other processes count in neither; limit: 10 × faster and 5 ms`,
      },
      {
        name: "index build, 100,000 items with the platform's pinyin (wall time)",
        value: build.wallMs,
        unit: 'ms',
        baseline: { name: 'fuse.js index build', value: fuseBuild.wallMs },
        ratio: build.wallMs / fuseBuild.wallMs,
        limit: 1000,
        withinLimit: build.wallMs <= 1000,
        notes: 'once per catalog version; every name, pinyin, initials, synonym, department and code indexed; limit 1 s',
      },
      {
        name: "index build, 100,000 items with the platform's pinyin (CPU time)",
        value: build.cpuMs,
        unit: 'ms',
        baseline: { name: 'fuse.js index build, CPU time', value: fuseBuild.cpuMs },
        ratio: build.cpuMs / fuseBuild.cpuMs,
        limit: 1000,
        withinLimit: build.cpuMs <= 1000,
        notes: "process CPU time, which includes the garbage collector's helper threads",
      },
      {
        name: 'index build, 100,000 items published without pinyin (the terminal converts it)',
        value: converting.wallMs,
        unit: 'ms',
        baseline: { name: 'fuse.js index build', value: fuseBuild.wallMs },
        ratio: converting.wallMs / fuseBuild.wallMs,
        notes: `CPU time ${converting.cpuMs.toFixed(0)} ms; what a terminal does with a platform that does not publish pinyin (before: 5.4 s, 21 × fuse.js)`,
      },
    ];
    return results;
  },
};

export default suite;
