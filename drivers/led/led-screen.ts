// The LED window screen facade: connects lazily, says each call's text, reports faults as results.
import { z } from 'zod';
import { DeviceStatusTracker, type DeviceContext, type ManagedDevice } from '../device.js';
import type { ByteTransport } from '../transport/types.js';
import { COMMANDS, dynamicTextPayload, encodeFrame, FrameReader, type BxMessage } from './codec.js';

/** Device `options` of an LED screen. */
export const LedSettings = z
  .object({
    address: z.number().int().min(1).max(0xfffe).default(1),
    width: z.number().int().min(8).max(4096).default(192),
    height: z.number().int().min(8).max(1024).default(32),
    /** GBK is probable for Chinese controllers but UNCONFIRMED (reference §5.1): configurable. */
    encoding: z.enum(['gbk', 'utf-8']).default('gbk'),
    replyTimeoutMs: z.number().int().min(50).max(10_000).default(1000),
  })
  .strict();
export type LedSettings = z.infer<typeof LedSettings>;

export interface LedShowResult {
  ok: boolean;
  reason?: string;
}

export class LedScreen implements ManagedDevice {
  readonly kind = 'led-screen' as const;
  private readonly tracker: DeviceStatusTracker;
  private readonly reader = new FrameReader();
  private waiting: { group: number; command: number; resolve: (m: BxMessage) => void } | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly transport: ByteTransport,
    private readonly settings: LedSettings,
    simulated: boolean,
    private readonly context?: DeviceContext,
  ) {
    this.tracker = new DeviceStatusTracker(id, 'led-screen', simulated);
    transport.onData((chunk) => {
      for (const { message } of this.reader.push(chunk)) {
        if (message && this.waiting && message.group === this.waiting.group && message.command === this.waiting.command) this.waiting.resolve(message);
      }
    });
    transport.onClose((error) => this.tracker.set('disconnected', error?.message ?? 'link closed'));
  }

  status() {
    return this.tracker.get();
  }

  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }

  async start(): Promise<void> {
    this.tracker.set('connecting');
    // Build the text encoder's tables now, not on the first call (iconv-lite loads GBK lazily).
    dynamicTextPayload('请', { width: this.settings.width, height: this.settings.height, encoding: this.settings.encoding });
    const ping = await this.send(COMMANDS.ping[0], COMMANDS.ping[1]);
    if (ping.ok) this.tracker.set('connected');
  }

  async stop(): Promise<void> {
    await this.transport.close().catch(() => undefined);
    this.tracker.set('disconnected');
  }

  /** Shows text in the dynamic area, one command at a time; never throws. */
  showText(text: string): Promise<LedShowResult> {
    const { width, height, encoding } = this.settings;
    return this.send(COMMANDS.dynamicText[0], COMMANDS.dynamicText[1], dynamicTextPayload(text, { width, height, encoding }));
  }

  private send(group: number, command: number, payload?: Buffer): Promise<LedShowResult> {
    const run = async (): Promise<LedShowResult> => {
      try {
        if (!this.transport.isOpen) await this.transport.open();
        const reply = new Promise<BxMessage | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), this.settings.replyTimeoutMs);
          this.waiting = { group, command, resolve: (m) => (clearTimeout(timer), resolve(m)) };
        });
        await this.transport.write(encodeFrame({ group, command, dst: this.settings.address, ...(payload ? { payload } : {}) }));
        const answer = await reply;
        this.waiting = undefined;
        if (!answer) {
          this.tracker.set('fault', 'the LED controller did not answer');
          return { ok: false, reason: 'no reply' };
        }
        if ((answer.payload[0] ?? 0) !== 0) return { ok: false, reason: `controller error ${answer.payload[0]}` };
        this.tracker.set('connected');
        return { ok: true };
      } catch (error) {
        this.context?.log.warn({ device: this.id, error: (error as Error).message }, 'LED screen write failed');
        this.tracker.set('fault', (error as Error).message);
        return { ok: false, reason: (error as Error).message };
      }
    };
    const next = this.chain.then(run, run);
    this.chain = next;
    return next;
  }
}
