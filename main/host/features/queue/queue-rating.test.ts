// 好差评 through the host: only a finished service is rated, a bad rating needs a reason (a common
// reason's button is enough), and one rating per service; each refusal travels as a key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostMethodName, MethodInput, MethodOutput } from '../../../../contract/host-api.js';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';

let test: TestHost;
async function call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
}
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let tries = 0; tries < 150; tries++, await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out: ${what}`);
}

beforeEach(async () => {
  test = await startTestHost('headless', { terminalId: 'counter-07', role: 'counter', queue: { counterId: 'counter-1', leasePrefixes: [] } });
});
afterEach(async () => {
  await test.host.stop();
});

describe('rating a service at the counter', () => {
  it('refuses an unfinished service and a bad rating without a reason, takes a reason button, and rates once', async () => {
    await until(async () => ((await call('queue.snapshot', {})).connectivity.online ? true : undefined), 'hall service reached');
    const services = (await call('queue.snapshot', {})).snapshot!.config.services;
    const { ticket } = await call('queue.issue', { service: services[0]!.code, priority: 'normal' });
    await expect(call('queue.evaluate', { ticketId: ticket.id, level: 5 })).rejects.toMatchObject({ detail: { key: 'queue.ratingNotFinished' } });
    expect((await call('queue.ticket', { ticketId: ticket.id })).ticket).toEqual({ id: ticket.id, number: ticket.number, state: 'waiting' });
    expect((await call('queue.ticket', { ticketId: '00000000-0000-4000-8000-000000000000' })).ticket).toBeNull();

    await call('queue.call', { ticketId: ticket.id });
    await call('queue.finish', {});
    expect((await call('queue.ticket', { ticketId: ticket.id })).ticket).toEqual({ id: ticket.id, number: ticket.number, state: 'finished' });
    await expect(call('queue.evaluate', { ticketId: ticket.id, level: 1 })).rejects.toMatchObject({ detail: { key: 'queue.ratingNeedsReason' } });
    await expect(call('queue.evaluate', { ticketId: ticket.id, level: 1, reasons: [], reason: '  ' })).rejects.toMatchObject({
      detail: { key: 'queue.ratingNeedsReason' },
    });
    const rated = await call('queue.evaluate', { ticketId: ticket.id, level: 1, reasons: ['long-wait', 'unclear'] });
    expect(rated.followUpId).toBeTruthy();
    expect(rated.buffered).toBeUndefined();
    await expect(call('queue.evaluate', { ticketId: ticket.id, level: 5 })).rejects.toMatchObject({ detail: { key: 'queue.ratingAlreadyGiven' } });
  });
});
