import type { Language } from '../../../../contract/languages.js';

/**
 * Every step elder mode reads aloud; each has a text under `elder.steps.<step>` in all languages and,
 * from the renderer build, a recorded clip per language (scripts/build-step-clips.ts).
 */
export const SPOKEN_STEPS = [
  'home',
  'ticket',
  'ticketPrinted',
  'ticketNotPrinted',
  'appointment',
  'guide',
  'track',
  'applyPick',
  'applyCode',
  'applyIdentify',
  'applyForm',
  'applyMaterials',
  'applyReview',
  'applySign',
  'applyDone',
  'applySaved',
  'evaluate',
  'ratingThanks',
  'assistSent',
  'assistComing',
  'assistCancelled',
  'guideDone',
  'idle',
  'offer',
  'helpRinging',
  'helpConnected',
  'helpUnanswered',
  'helpRecord',
  'helpRecorded',
  'helpSaved',
  'helpSent',
] as const;
export type SpokenStep = (typeof SPOKEN_STEPS)[number];

/** The apply flow's steps (ApplyScreen's `step`) and what each one says. */
export const APPLY_STEP_NARRATION = {
  pick: 'applyPick',
  code: 'applyCode',
  identify: 'applyIdentify',
  form: 'applyForm',
  materials: 'applyMaterials',
  review: 'applyReview',
  sign: 'applySign',
  done: 'applyDone',
} as const satisfies Record<string, SpokenStep>;

/**
 * How each UI language is spoken. `engineLangs`: BCP 47 tags (lower case, '-' separated) of speech
 * engine voices that speak it; a voice matches when its lang equals a tag or starts with `tag-`.
 * A bare 'zh' could be either Chinese, so it is not taken.
 * `espeak`: the espeak-ng voice that makes the recorded clips at build time.
 */
export const NARRATION_VOICES: Record<Language, { engineLangs: readonly string[]; espeak: string }> = {
  // Debian's espeak-ng Mandarin dictionary lacks most characters; the clip script feeds it pinyin.
  'zh-CN': { engineLangs: ['zh-cn', 'zh-hans', 'cmn'], espeak: 'cmn-latn-pinyin' },
  'zh-HK': { engineLangs: ['zh-hk', 'zh-hant-hk', 'yue', 'zh-yue'], espeak: 'yue' },
  en: { engineLangs: ['en'], espeak: 'en-us' },
  ug: { engineLangs: ['ug'], espeak: 'ug' },
};

/** Where the renderer build puts the step clips and their manifest, under the built UI. */
export const STEP_CLIPS_PATH = 'voice/steps/';
export const STEP_CLIPS_MANIFEST = 'manifest.json';

/** The manifest: per language, per step, the clip's file name under STEP_CLIPS_PATH. */
export interface StepClipManifest {
  clips: Partial<Record<Language, Partial<Record<SpokenStep, string>>>>;
}
