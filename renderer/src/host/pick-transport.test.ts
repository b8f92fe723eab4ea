import { describe, expect, it } from 'vitest';
import { withEarlyAnswer } from './pick-transport.js';
import type { RawHostTransport } from './validated-client.js';

function recordingTransport(): RawHostTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    call: async (method) => {
      sent.push(method);
      return { ok: true, value: `fresh ${method}` };
    },
    on: () => () => undefined,
    onConnectionChange: () => () => undefined,
  };
}

describe('withEarlyAnswer', () => {
  it("answers the page's first call of the method with the call the entry already sent, and sends the rest", async () => {
    const transport = recordingTransport();
    const early = { method: 'terminal.info', sentAtMs: 0, answer: Promise.resolve({ ok: true, value: 'early' }) };
    const client = withEarlyAnswer(transport, early);
    expect(await client.call('devices.list', {})).toEqual({ ok: true, value: 'fresh devices.list' });
    expect(await client.call('terminal.info', {})).toEqual({ ok: true, value: 'early' });
    expect(await client.call('terminal.info', {})).toEqual({ ok: true, value: 'fresh terminal.info' });
    expect(transport.sent).toEqual(['devices.list', 'terminal.info']);
  });

  it('hands a failed early call to its reader once; the retry goes out', async () => {
    const transport = recordingTransport();
    const answer = Promise.reject(new Error('host not up yet'));
    answer.catch(() => undefined);
    const client = withEarlyAnswer(transport, { method: 'terminal.info', sentAtMs: 0, answer });
    await expect(client.call('terminal.info', {})).rejects.toThrow('host not up yet');
    expect(await client.call('terminal.info', {})).toEqual({ ok: true, value: 'fresh terminal.info' });
  });
});
