import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../contract/languages.js';
import { useIsElder } from './elder-context.js';
import { Narrator, type SpeechEngine } from './narrator.js';
import { STEP_CLIPS_MANIFEST, STEP_CLIPS_PATH, type SpokenStep, type StepClipManifest } from './spoken-steps.js';
import './narration.css';

/** Elder voices read slower than the engine's default. */
const ELDER_SPEECH_RATE = 0.85;

function browserSpeech(): SpeechEngine | undefined {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return undefined;
  // Read on first use: reaching speechSynthesis starts the platform's speech service, which the home's first render need not wait for.
  const synth = () => window.speechSynthesis;
  return {
    voices: () => synth().getVoices(),
    speak(text, voice, lang) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice as SpeechSynthesisVoice;
      utterance.lang = lang;
      utterance.rate = ELDER_SPEECH_RATE;
      synth().speak(utterance);
    },
    cancel: () => synth().cancel(),
  };
}

let shared: Narrator | undefined;
/** The one narrator of this window (one voice at a time needs one owner of the speaker). */
function sharedNarrator(): Narrator {
  if (!shared) {
    const audio = new Audio();
    audio.preload = 'auto';
    shared = new Narrator({
      speech: browserSpeech(),
      audio,
      clipBase: `/${STEP_CLIPS_PATH}`,
      loadManifest: async () => {
        const response = await fetch(`/${STEP_CLIPS_PATH}${STEP_CLIPS_MANIFEST}`);
        if (!response.ok) throw new Error(`step clips manifest: HTTP ${response.status}`);
        return (await response.json()) as StepClipManifest;
      },
    });
  }
  return shared;
}

/** Tests and other shells may supply their own narrator; the default is the window's own. */
export const NarratorContext = createContext<Narrator | null>(null);
export const useNarrator = (): Narrator => useContext(NarratorContext) ?? sharedNarrator();

export interface NarrationOptions {
  /** Said after the step's text by the speech engine only (a ticket number; never an ID or phone number). */
  detail?: string;
  /** Say it even outside elder mode (only the elder-mode offer does). */
  evenOutsideElder?: boolean;
}

/**
 * Reads `step` aloud while it is on screen, in elder mode only (see NarrationOptions). Pass null while
 * the step is not shown (hooks cannot be called conditionally).
 */
export function useNarration(step: SpokenStep | null, options: NarrationOptions = {}): void {
  const elder = useIsElder();
  const { t, i18n } = useTranslation();
  const narrator = useNarrator();
  const lang = i18n.language as Language;
  const text = step ? t(`elder.steps.${step}`) : '';
  const { detail, evenOutsideElder } = options;
  useEffect(() => {
    if (!step) return;
    const handle = narrator.show({ step, lang, text, detail, elder, evenOutsideElder });
    return () => narrator.close(handle);
  }, [narrator, step, lang, text, detail, elder, evenOutsideElder]);
}

/**
 * The large "read again" button (elder mode only) and a visually hidden live region naming what is
 * said: the step's fixed text only, never anything personal.
 */
export function NarrationControls() {
  const { t } = useTranslation();
  const elder = useIsElder();
  const narrator = useNarrator();
  const narration = useSyncExternalStore(
    (listener) => narrator.subscribe(listener),
    () => narrator.narration,
  );
  return (
    <>
      {elder && (
        <button type="button" className="read-again" data-testid="read-again" onClick={() => narrator.repeat()} disabled={!narration}>
          {t('elder.readAgain')}
        </button>
      )}
      <span
        className="narration-live"
        role="status"
        data-testid="narration"
        data-narration={narration?.step ?? ''}
        data-narration-lang={narration?.lang ?? ''}
        data-narration-via={narration?.via ?? ''}
        data-narration-clip={narration?.clip ?? ''}
        data-narration-count={narration?.count ?? 0}
      >
        {narration?.text ?? ''}
      </span>
    </>
  );
}
