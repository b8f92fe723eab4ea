import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../contract/languages.js';
import { SPOKEN_STEPS, STEP_CLIPS_MANIFEST, type StepClipManifest } from '../renderer/src/features/elder/spoken-steps.js';
import { buildStepClips, planStepClips, spokenForm } from './build-step-clips.js';

const RECORDINGS = process.env.HALL_VOICE_RECORDINGS;
afterEach(() => {
  if (RECORDINGS === undefined) delete process.env.HALL_VOICE_RECORDINGS;
  else process.env.HALL_VOICE_RECORDINGS = RECORDINGS;
});

describe('elder-mode step clips (build script)', () => {
  it('the manifest lists a playable clip for every spoken step in every language', () => {
    delete process.env.HALL_VOICE_RECORDINGS;
    const out = mkdtempSync(join(tmpdir(), 'step-clips-'));
    const result = buildStepClips(out);
    expect(result, 'espeak-ng and sox are installed by scripts/install-system-deps.sh').toBeDefined();
    const manifest = JSON.parse(readFileSync(join(out, STEP_CLIPS_MANIFEST), 'utf8')) as StepClipManifest;
    for (const lang of SUPPORTED_LANGUAGES) {
      for (const step of SPOKEN_STEPS) {
        const file = manifest.clips[lang]?.[step];
        expect(file, `${lang}/${step}`).toMatch(new RegExp(`^${lang}/${step}-[0-9a-f]{8}\\.ogg$`));
        const info = execFileSync('soxi', [join(out, file!)], { encoding: 'utf8' });
        expect(info).toMatch(/Channels\s*: 1/);
        expect(info).toMatch(/Sample Encoding: Vorbis/);
        // Each clip is speech of a second or more, not an empty file.
        expect(Number(execFileSync('soxi', ['-D', join(out, file!)], { encoding: 'utf8' }))).toBeGreaterThan(1);
      }
    }
  }, 120_000);

  it('a clip changes name when its text changes, and each language has its own voice', () => {
    const clips = planStepClips();
    expect(new Set(clips.map((c) => c.file)).size).toBe(SUPPORTED_LANGUAGES.length * SPOKEN_STEPS.length);
    expect(new Set(clips.map((c) => c.voice))).toEqual(new Set(['cmn-latn-pinyin', 'yue', 'en-us', 'ug']));
    expect(spokenForm('zh-CN', '请取号。谢谢')).toBe('qing3 qu3 hao4. xie4 xie4');
    expect(spokenForm('zh-HK', '請攞籌')).toBe('請攞籌');
  });

  it('a real recording replaces the generated clip, named by its content', () => {
    const recordings = mkdtempSync(join(tmpdir(), 'recordings-'));
    mkdirSync(join(recordings, 'steps', 'zh-HK'), { recursive: true });
    const recorded = join(recordings, 'steps', 'zh-HK', 'home.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', recorded, 'synth', '1.5', 'sine', '440']);
    process.env.HALL_VOICE_RECORDINGS = recordings;
    const out = mkdtempSync(join(tmpdir(), 'step-clips-'));
    const manifest = buildStepClips(out)!.manifest;
    const file = manifest.clips['zh-HK']!.home!;
    expect(file).toMatch(/^zh-HK\/home-[0-9a-f]{8}\.wav$/);
    expect(readFileSync(join(out, file))).toEqual(readFileSync(recorded));
    expect(manifest.clips['zh-CN']!.home).toMatch(/\.ogg$/);

    writeFileSync(recorded, Buffer.concat([readFileSync(recorded), Buffer.alloc(64)]));
    const again = buildStepClips(mkdtempSync(join(tmpdir(), 'step-clips-')))!.manifest.clips['zh-HK']!.home!;
    expect(again).not.toBe(file);
    expect(existsSync(join(out, file)) && statSync(join(out, file)).size > 0).toBe(true);
  }, 120_000);
});
