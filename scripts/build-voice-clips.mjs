// Generates the default voice clip set for hall announcements with espeak-ng (Mandarin `cmn`) and sox:
// one WAV per token (digits, letters, number words, phrases), trimmed of silence so concatenation
// sounds continuous. Real recordings replace them: WAVs with the same names in HALL_VOICE_RECORDINGS
// (a folder) are copied instead of the generated ones.
// Usage: node scripts/build-voice-clips.mjs <outDir>   (the renderer build calls it for dist/renderer/voice)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pinyin } from 'pinyin-pro';

// Token → what espeak-ng says. Names must match announcementClips() in contract/queue.ts.
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const clips = {
  please: '请',
  hao: '号',
  to: '到',
  'window-serve': '号窗口办理',
  ten: '十',
  hundred: '百',
  ...Object.fromEntries(DIGITS.map((word, d) => [`d${d}`, word])),
  // Letters are read as English letters, as halls usually do ("A 零一二").
  ...Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l) => [`l${l}`, l])),
};

const outDir = resolve(process.argv[2] ?? 'dist/voice');
const cache = resolve('dist/voice-cache');
mkdirSync(outDir, { recursive: true });
mkdirSync(cache, { recursive: true });

function have(cmd) {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
if (!have('espeak-ng') || !have('sox')) {
  console.error('build-voice-clips: espeak-ng and sox are needed (bash scripts/install-system-deps.sh); the display will announce on screen only');
  process.exit(0);
}
for (const [name, text] of Object.entries(clips)) {
  // v2: Chinese through numbered pinyin (v1 clips spelled characters out and are not reused).
  const target = join(cache, `${name}.v2.wav`);
  if (!existsSync(target)) {
    const raw = join(cache, `${name}.raw.wav`);
    const letter = /^l[A-Z]$/.test(name);
    // Debian's espeak-ng Mandarin dictionary lacks most characters (it spells them as pinyin with
    // tone digits read in English), so its pinyin voice gets numbered pinyin instead.
    const voice = letter ? 'en' : 'cmn-latn-pinyin';
    const spoken = letter ? text : pinyin(text, { toneType: 'num', type: 'array' }).join(' ');
    execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, spoken]);
    // Trim leading and trailing silence; mono 22.05 kHz keeps the set small.
    execFileSync('sox', [raw, '-r', '22050', '-c', '1', target, 'silence', '1', '0.02', '1%', 'reverse', 'silence', '1', '0.02', '1%', 'reverse']);
  }
  const recorded = process.env.HALL_VOICE_RECORDINGS ? join(process.env.HALL_VOICE_RECORDINGS, `${name}.wav`) : '';
  copyFileSync(recorded && existsSync(recorded) ? recorded : target, join(outDir, `${name}.wav`));
}
writeFileSync(join(outDir, 'clips.json'), JSON.stringify(Object.keys(clips)));
console.log(`build-voice-clips: ${readdirSync(outDir).filter((f) => f.endsWith('.wav')).length} clips in ${outDir}`);
