import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../contract/languages.js';
import { findEngineVoice, Narrator, type ClipAudio, type EngineVoice, type NarrationRequest, type SpeechEngine } from './narrator.js';
import type { SpokenStep, StepClipManifest } from './spoken-steps.js';

/** Records what the speech engine was asked to say and whether it was cut off. */
class FakeSpeech implements SpeechEngine {
  said: { text: string; voice: string; lang: Language }[] = [];
  cancels = 0;
  constructor(private readonly available: EngineVoice[]) {}
  voices() {
    return this.available;
  }
  speak(text: string, voice: EngineVoice, lang: Language) {
    this.said.push({ text, voice: voice.name, lang });
  }
  cancel() {
    this.cancels += 1;
  }
}

/** One audio element: which clips were played, and whether the current one is still sounding. */
class FakeAudio implements ClipAudio {
  src = '';
  played: string[] = [];
  sounding = false;
  play() {
    this.played.push(this.src);
    this.sounding = true;
    return Promise.resolve();
  }
  pause() {
    this.sounding = false;
  }
}

const MANIFEST: StepClipManifest = {
  clips: {
    'zh-CN': { home: 'zh-CN/home-1.ogg', ticket: 'zh-CN/ticket-1.ogg', idle: 'zh-CN/idle-1.ogg', offer: 'zh-CN/offer-1.ogg' },
    'zh-HK': { home: 'zh-HK/home-1.ogg' },
    ug: { home: 'ug/home-1.ogg' },
  },
};

function setup(voices: EngineVoice[] = []) {
  const speech = new FakeSpeech(voices);
  const audio = new FakeAudio();
  let manifestLoads = 0;
  const narrator = new Narrator({
    speech,
    audio,
    clipBase: '/voice/steps/',
    loadManifest: () => {
      manifestLoads += 1;
      return Promise.resolve(MANIFEST);
    },
  });
  return { narrator, speech, audio, manifestLoads: () => manifestLoads };
}

const step = (step: SpokenStep, lang: Language = 'zh-CN', more: Partial<NarrationRequest> = {}): NarrationRequest => ({
  step,
  lang,
  text: `text of ${step} in ${lang}`,
  elder: true,
  ...more,
});
/** Lets queued microtasks and the manifest lookup run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('elder-mode narrator', () => {
  it('speaks through the engine when it has a local voice for the language, and plays no clip', async () => {
    const { narrator, speech, audio } = setup([{ name: 'Tingting', lang: 'zh-CN', localService: true }]);
    narrator.show(step('home'));
    await settle();
    expect(speech.said).toEqual([{ text: 'text of home in zh-CN', voice: 'Tingting', lang: 'zh-CN' }]);
    expect(audio.played).toEqual([]);
    expect(narrator.narration).toMatchObject({ step: 'home', via: 'speech' });
  });

  it('plays the recorded clip when the engine has no voice for the language', async () => {
    const { narrator, speech, audio } = setup([{ name: 'Samantha', lang: 'en-US' }]);
    narrator.show(step('home', 'zh-HK'));
    await settle();
    expect(speech.said).toEqual([]);
    expect(audio.played).toEqual(['/voice/steps/zh-HK/home-1.ogg']);
    expect(narrator.narration).toMatchObject({ step: 'home', lang: 'zh-HK', via: 'clip', clip: '/voice/steps/zh-HK/home-1.ogg' });
  });

  it('chooses voices by language: Cantonese for zh-HK, never a network voice, en-GB for en', () => {
    const voices: EngineVoice[] = [
      { name: 'Google 普通话', lang: 'zh-CN', localService: false },
      { name: 'Sinji', lang: 'zh_HK' },
      { name: 'Daniel', lang: 'en-GB' },
      { name: 'Mei-Jia', lang: 'zh-TW' },
    ];
    expect(findEngineVoice(voices, 'zh-CN')).toBeUndefined();
    expect(findEngineVoice(voices, 'zh-HK')?.name).toBe('Sinji');
    expect(findEngineVoice(voices, 'en')?.name).toBe('Daniel');
    expect(findEngineVoice(voices, 'ug')).toBeUndefined();
    expect(findEngineVoice([{ name: 'yue', lang: 'yue' }], 'zh-CN')).toBeUndefined();
    expect(findEngineVoice([{ name: 'cmn', lang: 'cmn' }], 'zh-CN')?.name).toBe('cmn');
  });

  it('a new step cuts the previous one off: one voice at a time', async () => {
    const { narrator, speech, audio } = setup();
    const home = narrator.show(step('home'));
    await settle();
    expect(audio.played).toEqual(['/voice/steps/zh-CN/home-1.ogg']);
    const cancelsBefore = speech.cancels;
    narrator.close(home);
    expect(audio.sounding).toBe(false);
    narrator.show(step('ticket'));
    await settle();
    expect(audio.played).toEqual(['/voice/steps/zh-CN/home-1.ogg', '/voice/steps/zh-CN/ticket-1.ogg']);
    expect(audio.sounding).toBe(true);
    // The engine is silenced too, whichever voice spoke last.
    expect(speech.cancels).toBeGreaterThan(cancelsBefore);
  });

  it('a step shown on top (the idle countdown) cuts the screen off; closing it stops it and the screen is current again', async () => {
    const { narrator, audio } = setup();
    narrator.show(step('home'));
    await settle();
    const idle = narrator.show(step('idle'));
    await settle();
    expect(audio.played.at(-1)).toBe('/voice/steps/zh-CN/idle-1.ogg');
    narrator.close(idle);
    expect(audio.sounding).toBe(false);
    expect(narrator.narration).toMatchObject({ step: 'home', via: 'silent' });
    // Not read again by itself: only when asked.
    await settle();
    expect(audio.played).toHaveLength(2);
    narrator.repeat();
    await settle();
    expect(audio.played.at(-1)).toBe('/voice/steps/zh-CN/home-1.ogg');
  });

  it('several steps shown in one render are said once: the top one', async () => {
    const { narrator, audio } = setup();
    narrator.show(step('home'));
    narrator.show(step('offer'));
    await settle();
    expect(audio.played).toEqual(['/voice/steps/zh-CN/offer-1.ogg']);
  });

  it('a clip looked up for a step already replaced is never played', async () => {
    const { narrator, audio } = setup();
    const home = narrator.show(step('home'));
    await Promise.resolve();
    narrator.close(home);
    await settle();
    expect(audio.played).toEqual([]);
  });

  it('"read again" repeats the current step from the start, by the same voice', async () => {
    const withVoice = setup([{ name: 'Tingting', lang: 'zh-CN' }]);
    withVoice.narrator.show(step('ticket'));
    await settle();
    withVoice.narrator.repeat();
    expect(withVoice.speech.said.map((s) => s.text)).toEqual(['text of ticket in zh-CN', 'text of ticket in zh-CN']);

    const clipOnly = setup();
    clipOnly.narrator.show(step('ticket'));
    await settle();
    const first = clipOnly.narrator.narration!.count;
    clipOnly.narrator.repeat();
    await settle();
    expect(clipOnly.audio.played).toEqual(['/voice/steps/zh-CN/ticket-1.ogg', '/voice/steps/zh-CN/ticket-1.ogg']);
    expect(clipOnly.narrator.narration!.count).toBeGreaterThan(first);
    expect(clipOnly.manifestLoads()).toBe(1);
  });

  it('says nothing outside elder mode, except a step that asks to be (the elder-mode offer)', async () => {
    const { narrator, speech, audio } = setup([{ name: 'Tingting', lang: 'zh-CN' }]);
    narrator.show(step('home', 'zh-CN', { elder: false }));
    await settle();
    narrator.repeat();
    expect(speech.said).toEqual([]);
    expect(audio.played).toEqual([]);
    expect(narrator.narration).toBeUndefined();

    narrator.show(step('offer', 'zh-CN', { elder: false, evenOutsideElder: true }));
    await settle();
    expect(speech.said.map((s) => s.text)).toEqual(['text of offer in zh-CN']);
  });

  it('a detail is said by the engine only, never in a clip, and never when it holds a long number', async () => {
    const withVoice = setup([{ name: 'Tingting', lang: 'zh-CN' }]);
    withVoice.narrator.show(step('ticket', 'zh-CN', { detail: 'A012' }));
    await settle();
    const id = withVoice.narrator.show(step('ticket', 'zh-CN', { detail: '110101194001011234' }));
    await settle();
    withVoice.narrator.close(id);
    expect(withVoice.speech.said.map((s) => s.text)).toEqual(['text of ticket in zh-CN A012', 'text of ticket in zh-CN']);

    const clipOnly = setup();
    clipOnly.narrator.show(step('ticket', 'zh-CN', { detail: 'A012' }));
    await settle();
    expect(clipOnly.audio.played).toEqual(['/voice/steps/zh-CN/ticket-1.ogg']);
  });

  it('a step without a clip in that language stays silent (still named for assistive technology)', async () => {
    const { narrator, audio } = setup();
    narrator.show(step('ticket', 'en'));
    await settle();
    expect(audio.played).toEqual([]);
    expect(narrator.narration).toMatchObject({ step: 'ticket', lang: 'en', via: 'silent', text: 'text of ticket in en' });
  });

  it('tries the manifest again at the next step when it could not be loaded', async () => {
    const audio = new FakeAudio();
    let loads = 0;
    const narrator = new Narrator({
      audio,
      clipBase: '/voice/steps/',
      loadManifest: () => (++loads === 1 ? Promise.reject(new Error('HTTP 404')) : Promise.resolve(MANIFEST)),
    });
    const first = narrator.show(step('home'));
    await settle();
    expect(audio.played).toEqual([]);
    narrator.close(first);
    narrator.show(step('home'));
    await settle();
    expect(loads).toBe(2);
    expect(audio.played).toEqual(['/voice/steps/zh-CN/home-1.ogg']);
  });
});
