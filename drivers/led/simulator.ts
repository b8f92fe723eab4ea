// An LED controller on the far end of a PTY: decodes real BX-5/6 frames, answers them, and keeps
// what the screen shows, with the time each text arrived (for call-to-screen latency checks).
import { Emitter } from '../../contract/async/emitter.js';
import type { ByteTransport } from '../transport/types.js';
import { COMMANDS, encodeFrame, FrameReader, parseDynamicText, type LedTextEncoding } from './codec.js';
import { systemClock } from '../../contract/clock.js';

export interface LedShown {
  text: string;
  receivedAt: number;
  sequence: number;
}

export class LedSimulator {
  private readonly reader = new FrameReader();
  private readonly events = new Emitter<{ shown: [LedShown] }>();
  private sequence = 0;
  shown: LedShown | null = null;
  badFrames = 0;

  constructor(
    private readonly transport: ByteTransport,
    private readonly encoding: LedTextEncoding,
  ) {}

  async start(): Promise<void> {
    this.transport.onData((chunk) => {
      for (const { message, error } of this.reader.push(chunk)) {
        if (error || !message) {
          this.badFrames += 1;
          continue;
        }
        if (message.group === COMMANDS.dynamicText[0] && message.command === COMMANDS.dynamicText[1]) {
          this.shown = { text: parseDynamicText(message.payload, this.encoding).text, receivedAt: systemClock.nowMs(), sequence: ++this.sequence };
          this.events.emit('shown', this.shown);
        } else if (message.group === COMMANDS.clear[0] && message.command === COMMANDS.clear[1]) {
          this.shown = null;
        }
        // Answer as the controller does: same command, from the screen's address, status 0 = OK.
        if (message.responseFlag === 1)
          void this.transport.write(
            encodeFrame({ group: message.group, command: message.command, dst: message.src, src: message.dst, responseFlag: 0, payload: Buffer.from([0]) }),
          );
      }
    });
    await this.transport.open();
  }

  onShown(listener: (shown: LedShown) => void): () => void {
    return this.events.on('shown', listener);
  }

  async stop(): Promise<void> {
    await this.transport.close();
  }
}
