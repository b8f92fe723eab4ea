// A short voice note recorded with MediaRecorder from the terminal's microphone (getUserMedia audio):
// a hard limit, playback, re-record. The recording stays in this page's memory until sent or discarded.
import { useCallback, useEffect, useRef, useState } from 'react';
import { HELP_NOTE_BITS_PER_SECOND, HELP_NOTE_MAX_SECONDS } from '../../../../contract/remote-help.js';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'recorded' | 'denied';

export interface VoiceNote {
  blob: Blob;
  /** An object URL to play it back; released when the note is replaced, discarded or the dialog closes. */
  url: string;
  mediaType: 'audio/webm' | 'audio/ogg';
  seconds: number;
}

/** The container MediaRecorder is asked for: WebM/Opus in Chromium, Ogg/Opus elsewhere. */
export function noteMediaType(isSupported: (type: string) => boolean): 'audio/webm' | 'audio/ogg' | null {
  if (isSupported('audio/webm;codecs=opus') || isSupported('audio/webm')) return 'audio/webm';
  if (isSupported('audio/ogg;codecs=opus')) return 'audio/ogg';
  return null;
}

/** Whole seconds of a recording, at least one and never over the limit. */
export const noteSeconds = (elapsedMs: number): number => Math.min(HELP_NOTE_MAX_SECONDS, Math.max(1, Math.round(elapsedMs / 1000)));

export function useVoiceNote() {
  const [phase, setPhase] = useState<RecorderPhase>('idle');
  const [note, setNote] = useState<VoiceNote | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null);

  const release = useCallback(() => {
    if (ticker.current) clearInterval(ticker.current);
    ticker.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  }, []);

  useEffect(
    () => () => {
      if (recorder.current?.state === 'recording') recorder.current.stop();
      release();
    },
    [release],
  );
  useEffect(() => (note ? () => URL.revokeObjectURL(note.url) : undefined), [note]);

  const stop = useCallback(() => {
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }, []);

  const start = useCallback(async () => {
    const type = typeof MediaRecorder === 'undefined' ? null : noteMediaType((t) => MediaRecorder.isTypeSupported(t));
    if (!type || !navigator.mediaDevices?.getUserMedia) return setPhase('denied');
    setNote(null);
    setPhase('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch {
      release();
      return setPhase('denied');
    }
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream.current, { mimeType: type, audioBitsPerSecond: HELP_NOTE_BITS_PER_SECOND });
    recorder.current = media;
    // Elapsed time is measured by the page's own monotonic clock (performance.now), not the wall clock.
    const began = performance.now();
    media.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
    media.onstop = () => {
      release();
      const seconds = noteSeconds(performance.now() - began);
      const blob = new Blob(chunks, { type });
      setNote({ blob, url: URL.createObjectURL(blob), mediaType: type, seconds });
      setPhase('recorded');
    };
    media.start(1000);
    setElapsed(0);
    setPhase('recording');
    ticker.current = setInterval(() => {
      const secondsSoFar = Math.floor((performance.now() - began) / 1000);
      setElapsed(secondsSoFar);
      if (secondsSoFar >= HELP_NOTE_MAX_SECONDS) stop();
    }, 250);
  }, [release, stop]);

  const discard = useCallback(() => {
    setNote(null);
    setPhase('idle');
  }, []);

  return { phase, note, elapsed, start, stop, discard };
}

/** The note's bytes as base64, for the host API. */
export async function noteBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
