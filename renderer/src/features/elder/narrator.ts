// Reads the current step aloud in elder mode: through the speech engine when it has a local voice for
// the language, otherwise by playing the step's recorded clip. One voice at a time: a new step cuts the
// previous one off. The hall's call announcements play only on the display terminal (DisplayScreen),
// never on a kiosk, so the narrator has the kiosk's speaker to itself.
import type { Language } from '../../../../contract/languages.js';
import { NARRATION_VOICES, type SpokenStep, type StepClipManifest } from './spoken-steps.js';

/** The part of `speechSynthesis` the narrator uses (a fake in tests). */
export interface SpeechEngine {
  voices(): readonly EngineVoice[];
  speak(text: string, voice: EngineVoice, lang: Language): void;
  cancel(): void;
}
export interface EngineVoice {
  lang: string;
  name: string;
  /** False for voices that need the network (kiosks run offline): those are never chosen. */
  localService?: boolean;
}

/** The part of one HTMLAudioElement the narrator uses. */
export interface ClipAudio {
  src: string;
  play(): Promise<void>;
  pause(): void;
}

export interface NarratorParts {
  speech?: SpeechEngine;
  audio: ClipAudio;
  loadManifest: () => Promise<StepClipManifest>;
  /** URL prefix of the clip files, e.g. '/voice/steps/'. */
  clipBase: string;
}

export interface NarrationRequest {
  step: SpokenStep;
  lang: Language;
  /** The step's text in `lang` (elder.steps.<step>). */
  text: string;
  /** Said after the text by the speech engine only (never part of a clip), e.g. a ticket number. */
  detail?: string;
  /** Whether the citizen's session is in elder mode; outside it nothing is said... */
  elder: boolean;
  /** ...unless the step asks to be (the elder-mode offer, which is for those who cannot read it). */
  evenOutsideElder?: boolean;
}

/** What is being (or was last) said, for the live region and for "read again". */
export interface Narration {
  step: SpokenStep;
  lang: Language;
  text: string;
  via: 'speech' | 'clip' | 'silent';
  /** The clip's URL when via is 'clip'. */
  clip?: string;
  /** How many times anything has been said; a repeat of the same step still changes it. */
  count: number;
}

/** A step on screen; close it when the step goes away. */
export interface NarrationHandle {
  readonly request: NarrationRequest;
}

/** Runs of six or more digits (ID, phone, account numbers) are never spoken. */
const LONG_NUMBER = /\d{6,}/;

export function findEngineVoice(voices: readonly EngineVoice[], lang: Language): EngineVoice | undefined {
  const tags = NARRATION_VOICES[lang].engineLangs;
  const local = voices.filter((v) => v.localService !== false);
  const norm = (tag: string) => tag.replace(/_/g, '-').toLowerCase();
  // The first tag is the best match; a voice fits a tag exactly or as a subtag (en → en-us).
  for (const tag of tags) {
    const voice = local.find((v) => norm(v.lang) === tag || norm(v.lang).startsWith(`${tag}-`));
    if (voice) return voice;
  }
  return undefined;
}

export class Narrator {
  /** Steps on screen, the newest (top-most) last: it is the one spoken and repeated. */
  private readonly open: NarrationHandle[] = [];
  private spoken?: NarrationHandle;
  private current?: Narration;
  private count = 0;
  /** Changes whenever something else is said or it is stopped, so a late clip lookup is dropped. */
  private turn = 0;
  private flushQueued = false;
  private manifest?: Promise<StepClipManifest>;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly parts: NarratorParts) {}

  /** The step now on screen: it is said (after this tick, so a re-render says it only once). */
  show(request: NarrationRequest): NarrationHandle {
    const handle: NarrationHandle = { request };
    if (!request.elder && !request.evenOutsideElder) return handle;
    this.open.push(handle);
    this.queueFlush();
    return handle;
  }

  /** The step left the screen: if it was being said, it stops; the step below becomes current again. */
  close(handle: NarrationHandle): void {
    const at = this.open.indexOf(handle);
    if (at < 0) return;
    const wasTop = at === this.open.length - 1;
    this.open.splice(at, 1);
    if (!wasTop) return;
    if (this.spoken === handle) this.silence();
    this.spoken = undefined;
    const below = this.open.at(-1);
    this.current = below ? { ...this.describe(below.request), via: 'silent', count: this.count } : undefined;
    this.notify();
  }

  /** "Read again": says the current step once more from the start. */
  repeat(): void {
    const top = this.open.at(-1);
    if (top) this.say(top);
  }

  get narration(): Narration | undefined {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const top = this.open.at(-1);
      if (top && top !== this.spoken) this.say(top);
    });
  }

  private say(handle: NarrationHandle): void {
    this.silence();
    const turn = this.turn;
    const { request } = handle;
    this.spoken = handle;
    this.count += 1;
    const voice = this.parts.speech && findEngineVoice(this.parts.speech.voices(), request.lang);
    if (this.parts.speech && voice) {
      const detail = request.detail && !LONG_NUMBER.test(request.detail) ? ` ${request.detail}` : '';
      this.parts.speech.speak(`${request.text}${detail}`, voice, request.lang);
      this.update({ ...this.describe(request), via: 'speech', count: this.count });
      return;
    }
    this.update({ ...this.describe(request), via: 'silent', count: this.count });
    const count = this.count;
    void this.clipFor(request).then((clip) => {
      if (!clip || turn !== this.turn) return;
      this.parts.audio.src = clip;
      this.parts.audio.play().catch(() => {
        // No sound device or autoplay refused: the step is still on screen and in the live region.
      });
      this.update({ ...this.describe(request), via: 'clip', clip, count });
    });
  }

  /** Stops whatever is being said, by either voice. */
  private silence(): void {
    this.turn += 1;
    this.parts.speech?.cancel();
    this.parts.audio.pause();
  }

  private async clipFor(request: NarrationRequest): Promise<string | undefined> {
    this.manifest ??= this.parts.loadManifest().catch((error: unknown) => {
      // No clips built (espeak-ng missing): try again at the next step, stay silent for this one.
      this.manifest = undefined;
      throw error;
    });
    try {
      const file = (await this.manifest).clips[request.lang]?.[request.step];
      return file ? `${this.parts.clipBase}${file}` : undefined;
    } catch {
      return undefined;
    }
  }

  private describe(request: NarrationRequest): Pick<Narration, 'step' | 'lang' | 'text'> {
    return { step: request.step, lang: request.lang, text: request.text };
  }

  private update(narration: Narration): void {
    this.current = narration;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
