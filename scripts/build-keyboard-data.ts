// Builds the on-screen keyboard's data files from npm packages (run: npx tsx scripts/build-keyboard-data.ts):
//  - renderer/src/features/keyboard/data/pinyin-dict.json: pinyin → characters and words, most used first
//  - renderer/src/features/keyboard/data/pinyin-dict-hk.json: the Hong Kong traditional form of each entry that differs
//  - renderer/src/features/keyboard/data/stroke-medians.json: stroke medians of common characters (handwriting)
// Sources and licences are written to renderer/src/features/keyboard/data/SOURCES.md by hand; keep them in step.
// jieba (a native module) is not a dependency of the project: its packages for other platforms are
// not on every registry, which breaks `npm ci` there, and the generated files are committed. Before
// regenerating: npm install --no-save @node-rs/jieba@2.0.3
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { resample } from '../renderer/src/features/keyboard/handwriting.js';

const require = createRequire(import.meta.url);
// Named through a variable so the typecheck does not need the package.
const JIEBA = '@node-rs/jieba';
const { Jieba } = (await import(JIEBA).catch(() => {
  console.error(`build-keyboard-data: needs jieba first: npm install --no-save ${JIEBA}@2.0.3`);
  process.exit(1);
})) as { Jieba: { withDict(dict: Buffer): { cut(text: string, hmm: boolean): string[] } } };
const OUT = fileURLToPath(new URL('../renderer/src/features/keyboard/data/', import.meta.url));
/** Words beyond this many (by jieba frequency) are left out to keep the lazily loaded chunk small. */
const MAX_WORDS = 42_000;
/** Characters with handwriting templates: the most used ones of GB2312. */
const MAX_HANDWRITING_CHARS = 3_800;

/** GB2312 levels 1 and 2 (rows 0xB0–0xF7): the 6,763 characters a Chinese keyboard must reach. */
function gb2312Characters(): string[] {
  const decoder = new TextDecoder('gb18030');
  const chars: string[] = [];
  for (let row = 0xb0; row <= 0xf7; row += 1) {
    for (let cell = 0xa1; cell <= 0xfe; cell += 1) {
      const char = decoder.decode(new Uint8Array([row, cell]));
      if (/^\p{Script=Han}$/u.test(char)) chars.push(char);
    }
  }
  return chars;
}

const readings = (text: string): string[] => pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
const charReadings = (char: string): string[] => [...new Set(pinyin(char, { toneType: 'none', type: 'array', v: true, multiple: true }))];

const common = gb2312Characters();
const commonSet = new Set(common);

// jieba's dictionary: "word frequency part-of-speech" per line.
const jiebaWords = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
  .split('\n')
  .map((line) => line.split(' '))
  .filter((parts): parts is [string, string, string] => parts.length >= 2 && [...parts[0]!].every((c) => commonSet.has(c)))
  .map(([word, freq]) => ({ word, freq: Number(freq) }))
  .filter((entry) => entry.freq > 0);

// How often each character is used in each reading: the frequencies of the words it occurs in, read in context.
const usage = new Map<string, number>();
const key = (char: string, syllable: string) => `${char} ${syllable}`;
const wordEntries: { syllables: string[]; word: string; freq: number }[] = [];
for (const { word, freq } of jiebaWords) {
  const syllables = readings(word);
  if (syllables.length !== [...word].length || syllables.some((s) => !/^[a-z]+$/.test(s))) continue;
  [...word].forEach((char, i) => usage.set(key(char, syllables[i]!), (usage.get(key(char, syllables[i]!)) ?? 0) + freq));
  if (syllables.length >= 2) wordEntries.push({ syllables, word, freq });
}

const charEntries = common.flatMap((char) =>
  charReadings(char)
    .filter((s) => /^[a-z]+$/.test(s))
    .map((syllable) => ({ syllables: [syllable], word: char, freq: usage.get(key(char, syllable)) ?? 0 })),
);

// Government-service words from the catalog come first: item names, their synonyms, and the
// words and word pairs inside the names (高龄津贴 inside 高龄津贴申领).
const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
const serviceWords = new Set<string>();
for (const item of SEED_ITEMS) {
  for (const phrase of [item.name, ...item.synonyms]) {
    serviceWords.add(phrase);
    const pieces = jieba.cut(phrase, false).filter((piece) => /^\p{Script=Han}+$/u.test(piece));
    pieces.forEach((piece, i) => {
      if ([...piece].length >= 2) serviceWords.add(piece);
      const next = pieces[i + 1];
      if (next && [...piece].length >= 2 && [...next].length >= 2) serviceWords.add(piece + next);
    });
  }
}
const serviceEntries = [...serviceWords]
  .map((word) => ({ syllables: readings(word), word, freq: Number.MAX_SAFE_INTEGER }))
  .filter((e) => e.syllables.length === [...e.word].length && e.syllables.length >= 2);
const serviceSet = new Set(serviceEntries.map((e) => e.word));

const words = wordEntries
  .filter((e) => !serviceSet.has(e.word))
  .sort((a, b) => b.freq - a.freq)
  .slice(0, MAX_WORDS);
const lines = [...serviceEntries, ...charEntries.sort((a, b) => b.freq - a.freq), ...words].map((e) => `${e.syllables.join("'")} ${e.word}`);

writeFileSync(
  `${OUT}pinyin-dict.json`,
  JSON.stringify({
    format: 'pinyin-dict/1',
    note: 'generated by scripts/build-keyboard-data.ts; see SOURCES.md',
    serviceWords: serviceEntries.length,
    chars: charEntries.length,
    words: words.length,
    entries: lines.join('\n'),
  }) + '\n',
);
console.log(`pinyin-dict.json: ${serviceEntries.length} service words, ${charEntries.length} character readings, ${words.length} words`);

// Hong Kong forms (zh-HK UI): simplified word → traditional as written in Hong Kong, where it differs.
const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });
// Characters first; a word only where converting it character by character would go wrong (头发 → 頭髮, not 頭發).
const hongKong = new Map<string, string>();
for (const char of common) if (toHongKong(char) !== char) hongKong.set(char, toHongKong(char));
const byCharacter = (word: string) => [...word].map((c) => hongKong.get(c) ?? c).join('');
for (const line of lines) {
  const word = line.slice(line.indexOf(' ') + 1);
  const form = toHongKong(word);
  if (form !== byCharacter(word) && !hongKong.has(word)) hongKong.set(word, form);
}
writeFileSync(
  `${OUT}pinyin-dict-hk.json`,
  JSON.stringify({
    format: 'hong-kong-forms/1',
    note: 'generated by scripts/build-keyboard-data.ts with opencc-js (cn → hk); see SOURCES.md',
    forms: [...hongKong].map(([word, form]) => `${word}\t${form}`).join('\n'),
  }) + '\n',
);
console.log(`pinyin-dict-hk.json: ${hongKong.size} Hong Kong forms`);

// Handwriting templates: each stroke's median resampled to a few points, coordinates on a 64-step grid
// (one character of STROKE_ALPHABET each), so a character is a short string like "AbCd EfGh …".
const STROKE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const POINTS_PER_STROKE = 4;
const charUsage = new Map<string, number>();
for (const e of charEntries) charUsage.set(e.word, (charUsage.get(e.word) ?? 0) + e.freq);
const byUse = [...common].sort((a, b) => (charUsage.get(b) ?? 0) - (charUsage.get(a) ?? 0)).slice(0, MAX_HANDWRITING_CHARS);

const templates: string[] = [];
for (const char of byUse) {
  let data: { medians: [number, number][][] };
  try {
    data = require(`hanzi-writer-data/${char}.json`);
  } catch {
    continue;
  }
  // Make Me a Hanzi's box is 1024 wide with y pointing up from -124; flip to screen orientation.
  const strokes = data.medians.map((median) =>
    resample(median, POINTS_PER_STROKE)
      .map(
        ([x, y]) =>
          STROKE_ALPHABET[Math.max(0, Math.min(63, Math.round((x / 1024) * 63)))]! +
          STROKE_ALPHABET[Math.max(0, Math.min(63, Math.round(((900 - y) / 1024) * 63)))]!,
      )
      .join(''),
  );
  templates.push(`${char}${strokes.join(' ')}`);
}
writeFileSync(
  `${OUT}stroke-medians.json`,
  JSON.stringify({
    format: 'stroke-medians/1',
    note: 'generated by scripts/build-keyboard-data.ts from hanzi-writer-data (Arphic Public License); see SOURCES.md',
    pointsPerStroke: POINTS_PER_STROKE,
    alphabet: STROKE_ALPHABET,
    chars: templates.join('\n'),
  }) + '\n',
);
console.log(`stroke-medians.json: ${templates.length} characters`);
