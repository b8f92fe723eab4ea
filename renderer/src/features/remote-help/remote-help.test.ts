import { describe, expect, it } from 'vitest';
import type { HelpDeskView } from '../../../../contract/api/remote-help.js';
import { SPOKEN_STEPS } from '../elder/spoken-steps.js';
import { helpDialogNarration, liveCallNarration } from './help-narration.js';
import { chooseHelpMode } from './RemoteHelpButton.js';
import { newerHelpView } from './use-help-desk.js';
import { noteMediaType, noteSeconds } from './use-voice-note.js';

const view = (version: number): HelpDeskView => ({ requests: [], online: true, version });

describe('remote help in the renderer', () => {
  it('answers 远程帮办 with a live call when the hall link is up, a help request through the outbox when it is down', () => {
    expect(chooseHelpMode({ hallOnline: false })).toBe('request');
    expect(chooseHelpMode({ hallOnline: true })).toBe('live');
  });

  it('records WebM/Opus where the browser can, Ogg otherwise, and says when it can record neither', () => {
    expect(noteMediaType((type) => type === 'audio/webm;codecs=opus')).toBe('audio/webm');
    expect(noteMediaType((type) => type === 'audio/ogg;codecs=opus')).toBe('audio/ogg');
    expect(noteMediaType(() => false)).toBeNull();
  });

  it('counts a note in whole seconds, at least one and never over the limit', () => {
    expect(noteSeconds(200)).toBe(1);
    expect(noteSeconds(14_400)).toBe(14);
    expect(noteSeconds(75_000)).toBe(60);
  });

  it('keeps the newer of an answer and a pushed list, unless the host restarted', () => {
    expect(newerHelpView(view(5), view(4)).version).toBe(5);
    expect(newerHelpView(view(4), view(5)).version).toBe(5);
    expect(newerHelpView(null, view(1)).version).toBe(1);
    expect(newerHelpView(view(9), view(1), true).version).toBe(1);
  });

  it('reads the help states aloud in elder mode: ringing, connected, nobody answered, how to record, recorded, saved, sent; nothing while recording', () => {
    expect(liveCallNarration({ state: 'ringing' })).toBe('helpRinging');
    expect(liveCallNarration({ state: 'answered' })).toBe('helpConnected');
    expect(liveCallNarration({ state: 'ended' })).toBeNull();
    expect(liveCallNarration(null)).toBeNull();
    const dialog = (
      phase: Parameters<typeof helpDialogNarration>[0]['phase'],
      sent: 'saved' | 'delivered' | 'refused' | null = null,
      afterUnanswered = false,
    ) => helpDialogNarration({ phase, sent, afterUnanswered });
    expect(dialog('idle')).toBe('helpRecord');
    expect(dialog('idle', null, true)).toBe('helpUnanswered');
    // The speaker stays quiet while the microphone listens: it would be in the note.
    expect(dialog('starting')).toBeNull();
    expect(dialog('recording', null, true)).toBeNull();
    expect(dialog('recorded')).toBe('helpRecorded');
    expect(dialog('recorded', 'saved')).toBe('helpSaved');
    expect(dialog('recorded', 'delivered')).toBe('helpSent');
    // Every step said is one elder mode has a text and a recorded clip for.
    for (const step of ['helpRinging', 'helpConnected', 'helpUnanswered', 'helpRecord', 'helpRecorded', 'helpSaved', 'helpSent'])
      expect(SPOKEN_STEPS).toContain(step);
  });
});
