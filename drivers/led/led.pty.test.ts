import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../simulation/pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import { LedScreen, LedSettings } from './led-screen.js';
import { LedSimulator } from './simulator.js';

describe('LED screen over a real PTY', () => {
  let pair: PtyPair | undefined;
  afterEach(async () => pair?.close());

  it('pings on start, shows GBK text on the simulated controller, and reports a silent controller as a fault', async () => {
    pair = await openPtyPair();
    const simulator = new LedSimulator(new SerialTransport({ path: pair.devicePath, baudRate: 9600 }), 'gbk');
    await simulator.start();
    const screen = new LedScreen('led', new SerialTransport({ path: pair.hostPath, baudRate: 9600 }), LedSettings.parse({ replyTimeoutMs: 300 }), true);
    await screen.start();
    expect(screen.status().state).toBe('connected');
    expect(await screen.showText('请 A012 号到 3 号窗口')).toEqual({ ok: true });
    expect(simulator.shown?.text).toBe('请 A012 号到 3 号窗口');
    expect(simulator.badFrames).toBe(0);
    await simulator.stop();
    expect((await screen.showText('B001')).ok).toBe(false);
    expect(screen.status().state).toBe('fault');
    await screen.stop();
  });
});
