// Remote help, live: the renderer's side of one call, kept for the page's lifetime (one per host
// client) so that a counter switching tabs keeps its call. It follows the host's remote help view,
// runs the WebRTC link (the caller offers, the clerk answers; signalling through the host), mirrors
// the citizen's screen as data and applies the clerk's commands. Everything of a call — streams,
// the mirrored screen, the hint — is dropped when the call ends.
import type { LiveHelpView } from '../../../../contract/api/live-help.js';
import type { MirroredScreen, LiveHelpSignal } from '../../../../contract/live-help.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { applyFill, clearHighlight, collectScreen, showHighlight } from './mirror.js';

export interface LiveCallState {
  view: LiveHelpView | null;
  /** Clerk: the citizen's screen as last mirrored (masked unless shown). */
  screen: MirroredScreen | null;
  /** Citizen: whether they chose to show their details to the clerk. */
  showPersonal: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  /** Media bytes received from the other side so far (getStats): > 0 means the video really flows. */
  bytesReceived: number;
  mediaError: boolean;
  /** Citizen: the clerk's hint beside the outlined control. */
  hint: { control: string; text: string | undefined } | null;
  /** Citizen: the label of the field the clerk last filled. */
  filled: string | null;
  /** Set when a call this page was in has ended (cleared by the next call). */
  ended: boolean;
}

const EMPTY: LiveCallState = {
  view: null,
  screen: null,
  showPersonal: false,
  localStream: null,
  remoteStream: null,
  bytesReceived: 0,
  mediaError: false,
  hint: null,
  filled: null,
  ended: false,
};
/** How often the screen is looked at for changes while mirroring, at most (ms). */
const MIRROR_DEBOUNCE_MS = 200;
const STATS_EVERY_MS = 1000;

export class LiveCall {
  private state: LiveCallState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private peer: RTCPeerConnection | null = null;
  private peerCallId: string | null = null;
  private pendingIce: RTCIceCandidateInit[] = [];
  private observer: MutationObserver | null = null;
  private mirrorTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastSentScreen = '';
  private readonly onInput = () => this.scheduleMirror();

  constructor(private readonly client: HallHostClient) {
    const refresh = () => void client.call('liveHelp.state', {}).then((r) => r.ok && this.onView(r.value, true));
    refresh();
    client.on('liveHelp.changed', (view) => this.onView(view, false));
    client.on('liveHelp.signal', (delivered) => void this.onSignal(delivered.callId, delivered.signal));
    client.onConnectionChange((connected) => connected && refresh());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  snapshot = (): LiveCallState => this.state;

  private set(patch: Partial<LiveCallState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private onView(view: LiveHelpView, fromState: boolean): void {
    const current = this.state.view;
    if (current && !fromState && current.version > view.version) return;
    const call = view.call;
    const wasIn = this.peerCallId;
    if (wasIn && (!call || call.id !== wasIn)) this.teardown(true);
    this.set({ view });
    if (call?.state === 'answered' && view.party && this.peerCallId !== call.id) void this.connect(call.id, view.party, view.iceServers);
  }

  private async connect(callId: string, party: 'caller' | 'clerk', iceServers: LiveHelpView['iceServers']): Promise<void> {
    this.peerCallId = callId;
    this.set({ ended: false, screen: null, hint: null, filled: null, bytesReceived: 0, mediaError: false });
    const peer = new RTCPeerConnection({
      iceServers: iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username ? { username: s.username } : {}),
        ...(s.credential ? { credential: s.credential } : {}),
      })),
    });
    this.peer = peer;
    peer.onicecandidate = (e) =>
      void this.send(callId, {
        kind: 'ice',
        candidate: e.candidate ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex } : null,
      });
    peer.ontrack = (e) => {
      if (this.peer !== peer) return;
      this.set({ remoteStream: e.streams[0] ?? new MediaStream([e.track]) });
    };
    let local: MediaStream | null = null;
    try {
      local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    } catch {
      this.set({ mediaError: true });
    }
    if (this.peer !== peer) {
      local?.getTracks().forEach((t) => t.stop());
      return;
    }
    if (local) {
      for (const track of local.getTracks()) peer.addTrack(track, local);
      this.set({ localStream: local });
    } else {
      // Still receive the other side's media when this one has none.
      peer.addTransceiver('audio', { direction: 'recvonly' });
      peer.addTransceiver('video', { direction: 'recvonly' });
    }
    this.statsTimer = setInterval(() => void this.readStats(peer), STATS_EVERY_MS);
    if (party === 'caller') {
      this.startMirror(callId);
      const offer = await peer.createOffer();
      await peer.setLocalDescription(offer);
      await this.send(callId, { kind: 'sdp', description: { type: 'offer', sdp: offer.sdp ?? '' } });
    }
  }

  private async readStats(peer: RTCPeerConnection): Promise<void> {
    let bytes = 0;
    (await peer.getStats()).forEach((report: { type: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp') bytes += report.bytesReceived ?? 0;
    });
    if (this.peer === peer && bytes !== this.state.bytesReceived) this.set({ bytesReceived: bytes });
  }

  private async onSignal(callId: string, signal: LiveHelpSignal): Promise<void> {
    if (callId !== this.peerCallId) return;
    const peer = this.peer;
    switch (signal.kind) {
      case 'sdp': {
        if (!peer) return;
        await peer.setRemoteDescription(signal.description);
        for (const candidate of this.pendingIce.splice(0)) await peer.addIceCandidate(candidate);
        if (signal.description.type === 'offer') {
          const answer = await peer.createAnswer();
          await peer.setLocalDescription(answer);
          await this.send(callId, { kind: 'sdp', description: { type: 'answer', sdp: answer.sdp ?? '' } });
        }
        return;
      }
      case 'ice': {
        if (!peer || !signal.candidate) return;
        const candidate: RTCIceCandidateInit = {
          candidate: signal.candidate.candidate,
          sdpMid: signal.candidate.sdpMid ?? null,
          sdpMLineIndex: signal.candidate.sdpMLineIndex ?? null,
        };
        if (peer.remoteDescription) await peer.addIceCandidate(candidate);
        else this.pendingIce.push(candidate);
        return;
      }
      case 'screen':
        this.set({ screen: signal.screen });
        return;
      case 'highlight':
        if (signal.control === null) {
          clearHighlight(document);
          this.set({ hint: null });
        } else if (showHighlight(document, signal.control)) {
          this.set({ hint: { control: signal.control, text: signal.hint } });
        }
        return;
      case 'fill': {
        const label = applyFill(document, signal.field, signal.value);
        if (label !== null) this.set({ filled: label });
        return;
      }
    }
  }

  private async send(callId: string, signal: LiveHelpSignal): Promise<boolean> {
    const out = await this.client.call('liveHelp.send', { callId, signal });
    return out.ok;
  }

  // ── The citizen's side: the screen as data ──────────────────────────────────────────────────────

  private startMirror(callId: string): void {
    this.lastSentScreen = '';
    this.observer = new MutationObserver(() => this.scheduleMirror());
    this.observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    document.addEventListener('input', this.onInput, true);
    this.scheduleMirror(callId);
  }

  private scheduleMirror(callId = this.peerCallId): void {
    if (!callId || this.mirrorTimer) return;
    this.mirrorTimer = setTimeout(() => {
      this.mirrorTimer = undefined;
      if (callId !== this.peerCallId) return;
      const screen = collectScreen(document, this.state.showPersonal);
      const json = JSON.stringify(screen);
      if (json === this.lastSentScreen) return;
      this.lastSentScreen = json;
      void this.send(callId, { kind: 'screen', screen });
    }, MIRROR_DEBOUNCE_MS);
  }

  /** The citizen taps "向工作人员显示我的信息" (or takes it back): the next mirror carries (or masks) the values. */
  setShowPersonal(show: boolean): void {
    this.set({ showPersonal: show });
    this.scheduleMirror();
  }

  // ── Both sides ──────────────────────────────────────────────────────────────────────────────────

  async ring(): Promise<boolean> {
    const out = await this.client.call('liveHelp.ring', {});
    if (out.ok) this.set({ ended: false });
    return out.ok;
  }

  async answer(callId: string): Promise<boolean> {
    return (await this.client.call('liveHelp.answer', { callId })).ok;
  }

  async hangup(): Promise<void> {
    const call = this.state.view?.call;
    if (!call) return;
    await this.client.call('liveHelp.hangup', { callId: call.id });
    this.teardown(true);
  }

  /** The clerk's commands. */
  async command(signal: Extract<LiveHelpSignal, { kind: 'highlight' | 'fill' }>): Promise<boolean> {
    const callId = this.peerCallId;
    return callId ? this.send(callId, signal) : false;
  }

  /** Media stopped, the link closed, the mirrored screen and hints gone. */
  private teardown(ended: boolean): void {
    this.peer?.close();
    this.peer = null;
    this.peerCallId = null;
    this.pendingIce = [];
    this.observer?.disconnect();
    this.observer = null;
    document.removeEventListener('input', this.onInput, true);
    clearTimeout(this.mirrorTimer);
    this.mirrorTimer = undefined;
    clearInterval(this.statsTimer);
    this.lastSentScreen = '';
    this.state.localStream?.getTracks().forEach((t) => t.stop());
    this.state.remoteStream?.getTracks().forEach((t) => t.stop());
    clearHighlight(document);
    this.set({ screen: null, localStream: null, remoteStream: null, bytesReceived: 0, hint: null, filled: null, showPersonal: false, ended });
  }
}

const calls = new WeakMap<HallHostClient, LiveCall>();

/** The page's one live call for this host client. */
export function liveCallOf(client: HallHostClient): LiveCall {
  let call = calls.get(client);
  if (!call) {
    call = new LiveCall(client);
    calls.set(client, call);
  }
  return call;
}
