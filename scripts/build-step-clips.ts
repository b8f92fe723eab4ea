// Generates elder mode's spoken-step clips: one small Ogg Vorbis file (mono, 16 kHz) per step and
// language, from the texts in renderer/src/features/elder/locales.ts, with espeak-ng and sox. The
// renderer reads voice/steps/manifest.json and plays these where the speech engine has no voice.
// Clips are cached in dist/voice-cache/steps/ by a hash of voice + text + settings, so a rebuild only
// makes what changed. Real recordings replace them as for the call clips: HALL_VOICE_RECORDINGS/steps/
// <lang>/<step>.ogg (or .wav) is copied instead of the generated clip.
// Usage: node --import tsx scripts/build-step-clips.ts <outDir>   (the renderer build calls it)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { SUPPORTED_LANGUAGES, type Language } from '../contract/languages.js';
import { elderLocales } from '../renderer/src/features/elder/locales.js';
import { NARRATION_VOICES, SPOKEN_STEPS, STEP_CLIPS_MANIFEST, type SpokenStep, type StepClipManifest } from '../renderer/src/features/elder/spoken-steps.js';

/** espeak-ng words per minute: slower than its default 175, for elders. */
const SPEED = 140;
const SAMPLE_RATE = 16_000;
/** Vorbis quality (-1…10): 0 keeps speech at 16 kHz mono clear at about 25 kbit/s. */
const QUALITY = 0;
/** Part of every clip's hash: change it when the way clips are made changes. */
const PIPELINE = `espeak-ng -s ${SPEED} | sox mono ${SAMPLE_RATE} Hz vorbis q${QUALITY} trimmed v2`;

export interface StepClip {
  lang: Language;
  step: SpokenStep;
  voice: string;
  /** What espeak-ng is given (pinyin for Mandarin). */
  spoken: string;
  hash: string;
  /** Path under the clips folder, also the manifest entry. */
  file: string;
}

/** Debian's Mandarin dictionary lacks most characters: give the pinyin voice numbered pinyin instead. */
export function spokenForm(lang: Language, text: string): string {
  if (lang !== 'zh-CN') return text;
  return pinyin(text, { toneType: 'num', type: 'array', nonZh: 'consecutive' })
    .join(' ')
    .replace(/\s*[。！？]\s*/g, '. ')
    .replace(/\s*[，、；：]\s*/g, ', ')
    .trim();
}

/** Every clip the renderer may ask for: each spoken step in each language. */
export function planStepClips(): StepClip[] {
  return SUPPORTED_LANGUAGES.flatMap((lang) =>
    SPOKEN_STEPS.map((step) => {
      const voice = NARRATION_VOICES[lang].espeak;
      const spoken = spokenForm(lang, elderLocales[lang].steps[step]);
      const hash = createHash('sha256').update(`${PIPELINE}\n${voice}\n${spoken}`).digest('hex').slice(0, 16);
      return { lang, step, voice, spoken, hash, file: `${lang}/${step}-${hash.slice(0, 8)}.ogg` };
    }),
  );
}

function available(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function generate(clip: StepClip, target: string): void {
  // Temporary names per process: a test and a build may make the same clip at once.
  const raw = `${target}.${process.pid}.raw.wav`;
  execFileSync('espeak-ng', ['-v', clip.voice, '-s', String(SPEED), '-w', raw, clip.spoken]);
  // Trim silence at both ends so a step starts at once; write beside the target, then rename (no half files).
  const partial = `${target}.${process.pid}.part.ogg`;
  // -G guards against clipping when resampling; -V1 keeps the build log to errors.
  execFileSync('sox', [
    '-G',
    '-V1',
    raw,
    '-r',
    String(SAMPLE_RATE),
    '-c',
    '1',
    '-C',
    String(QUALITY),
    partial,
    'silence',
    '1',
    '0.02',
    '1%',
    'reverse',
    'silence',
    '1',
    '0.02',
    '1%',
    'reverse',
  ]);
  renameSync(partial, target);
  rmSync(raw, { force: true });
}

/** A real recording for this step and language, if the hall supplied one. */
function recording(clip: StepClip): string | undefined {
  const dir = process.env.HALL_VOICE_RECORDINGS;
  if (!dir) return undefined;
  return ['ogg', 'wav'].map((ext) => join(dir, 'steps', clip.lang, `${clip.step}.${ext}`)).find((path) => existsSync(path));
}

export interface BuildResult {
  manifest: StepClipManifest;
  generated: number;
  bytes: number;
}

/** Writes the clips and manifest.json into outDir; returns undefined when espeak-ng or sox is missing. */
export function buildStepClips(outDir: string, cacheDir = resolve('dist/voice-cache/steps')): BuildResult | undefined {
  if (!available('espeak-ng') || !available('sox')) return undefined;
  mkdirSync(cacheDir, { recursive: true });
  const manifest: StepClipManifest = { clips: {} };
  let generated = 0;
  let bytes = 0;
  for (const clip of planStepClips()) {
    const cached = join(cacheDir, `${clip.hash}.ogg`);
    const recorded = recording(clip);
    if (!recorded && !existsSync(cached)) {
      generate(clip, cached);
      generated += 1;
    }
    // A recording keeps its own format and is named by its content, so a new recording is never served stale.
    const file = recorded
      ? `${clip.lang}/${clip.step}-${createHash('sha256').update(readFileSync(recorded)).digest('hex').slice(0, 8)}${extname(recorded)}`
      : clip.file;
    mkdirSync(join(outDir, clip.lang), { recursive: true });
    copyFileSync(recorded ?? cached, join(outDir, file));
    bytes += statSync(join(outDir, file)).size;
    (manifest.clips[clip.lang] ??= {})[clip.step] = file;
  }
  writeFileSync(join(outDir, STEP_CLIPS_MANIFEST), JSON.stringify(manifest));
  return { manifest, generated, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? 'dist/voice/steps');
  const started = Date.now();
  const result = buildStepClips(outDir);
  if (!result) {
    console.error(
      'build-step-clips: espeak-ng and sox are needed (bash scripts/install-system-deps.sh); elder mode will read aloud only where the speech engine has a voice',
    );
  } else {
    const count = Object.values(result.manifest.clips).reduce((n, steps) => n + Object.keys(steps).length, 0);
    console.log(`build-step-clips: ${count} clips (${result.generated} new, ${(result.bytes / 1024).toFixed(0)} KiB) in ${outDir}, ${Date.now() - started} ms`);
  }
}
