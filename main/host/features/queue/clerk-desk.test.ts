// The clerk at a counter terminal: sign-in with the demo clerk of an embedded platform, the desk's
// calls named after the clerk on the hall's events and figures, sign-out; and the idle sign-out, the
// service ending a session and the sign-out at host stop, on a manual clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../contract/clock.js';
import type { HostEventName, HostMethodName, MethodInput, MethodOutput } from '../../../../contract/host-api.js';
import type { QueueEvent } from '../../../../contract/queue.js';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { ClerkDesk } from './clerk-desk.js';
import { DEMO_CLERK_ID } from './demo-clerk.js';
import type { QueueFeature } from './queue-feature.js';

let test: TestHost | undefined;
afterEach(async () => {
  await test?.host.stop();
  test = undefined;
});

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let tries = 0; tries < 150; tries++, await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out: ${what}`);
}

describe('the clerk at a counter terminal', () => {
  it('signs the demo clerk in with 工号 + PIN, names them on the calls and figures, and signs out', async () => {
    test = await startTestHost('headless', { terminalId: 'counter-07', role: 'counter', queue: { counterId: 'counter-1', leasePrefixes: [] } });
    const host = test.host;
    const call = <M extends HostMethodName>(method: M, input: MethodInput<M>) => host.handlers[method](input as never) as Promise<MethodOutput<M>>;
    await until(async () => ((await call('queue.snapshot', {})).connectivity.online ? true : undefined), 'hall service reached');
    const demo = JSON.parse(readFileSync(join(test.dataDir, 'counter-demo-clerk.json'), 'utf8')) as { clerkId: string; pin: string };
    expect(demo.clerkId).toBe(DEMO_CLERK_ID);
    const changes: unknown[] = [];
    const events: QueueEvent[] = [];
    host.bus.subscribe((event: HostEventName, payload) => {
      if (event === 'clerk.changed') changes.push(payload);
      if (event === 'queue.event') events.push(payload as QueueEvent);
    });

    expect(await call('clerk.status', {})).toEqual({ clerk: null });
    const wrong = demo.pin === '000000' ? '111111' : '000000';
    expect(await call('clerk.signIn', { clerkId: DEMO_CLERK_ID, pin: wrong })).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: 4 });
    expect(await call('clerk.signIn', { clerkId: 'nobody', pin: demo.pin })).toEqual({ signedIn: false, refusal: 'unknown-clerk' });
    const signedIn = await call('clerk.signIn', { clerkId: DEMO_CLERK_ID, pin: demo.pin });
    expect(signedIn).toMatchObject({ signedIn: true, clerk: { clerkId: DEMO_CLERK_ID, maskedName: '示***', counterId: 'counter-1' } });
    // The session token never reaches the page.
    expect(JSON.stringify(signedIn)).not.toMatch(/session/);
    expect((await call('clerk.status', {})).clerk).toMatchObject({ clerkId: DEMO_CLERK_ID });

    const services = (await call('queue.snapshot', {})).snapshot!.config.services;
    await call('queue.issue', { service: services[0]!.code, priority: 'normal' });
    await call('queue.call', {});
    await call('queue.start', {});
    await call('queue.finish', {});
    await until(async () => (events.some((e) => e.type === 'ticket.finished') ? true : undefined), 'finish event');
    expect(events.filter((e) => e.type.startsWith('ticket.') && e.type !== 'ticket.issued').map((e) => [e.type, e.clerkId])).toEqual([
      ['ticket.called', DEMO_CLERK_ID],
      ['ticket.started', DEMO_CLERK_ID],
      ['ticket.finished', DEMO_CLERK_ID],
    ]);
    const figures = await call('queue.productivity', { period: 'day' });
    expect(figures.clerks).toEqual([expect.objectContaining({ clerkId: DEMO_CLERK_ID, maskedName: '示***', calls: 1, finished: 1 })]);

    expect(await call('clerk.signOut', {})).toEqual({ signedOut: true });
    expect(await call('clerk.status', {})).toEqual({ clerk: null });
    expect(changes).toEqual([expect.objectContaining({ reason: 'signed-in' }), { clerk: null, reason: 'signed-out' }]);
  }, 60_000);
});

describe('the clerk desk on a manual clock', () => {
  /** A hall service that answers sign-in and sign-out and records what it was asked. */
  function fakeHall() {
    const asked: { name: string; body: unknown }[] = [];
    let provider: { session: () => string | undefined; ended: () => void } | undefined;
    const queue = {
      useClerkSession: (p: typeof provider) => (provider = p),
      hallRequest: async (name: string, call: { body?: unknown }) => {
        asked.push({ name, body: call.body });
        if (name === 'queueClerkSignIn') {
          return {
            signedIn: true,
            session: 'S'.repeat(43),
            clerk: { clerkId: 'C1001', maskedName: '王**', counterId: 'counter-1', signedInAt: '2027-03-01T01:00:00.000Z', idleMinutes: 30 },
          };
        }
        return { signedOut: true };
      },
    };
    return { queue: queue as unknown as QueueFeature, asked, provider: () => provider! };
  }

  it('signs the clerk out after the idle time without a desk action, tells the service, and forgets a session the service ended', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    const bus = new HostEventBus();
    const changes: unknown[] = [];
    bus.subscribe((event, payload) => event === 'clerk.changed' && changes.push(payload));
    const hall = fakeHall();
    const desk = new ClerkDesk({ queue: hall.queue, bus, log: createLogger({}), clock, role: 'counter', idleCheckMs: 0 });
    await desk.handlers['clerk.signIn']({ clerkId: 'C1001', pin: '135790' });
    clock.advance(29 * 60_000);
    // A desk action: the session goes with it and counts as activity.
    expect(hall.provider().session()).toBe('S'.repeat(43));
    clock.advance(29 * 60_000);
    expect((await desk.handlers['clerk.status']({})).clerk).toMatchObject({ clerkId: 'C1001' });
    clock.advance(60_000);
    expect(await desk.handlers['clerk.status']({})).toEqual({ clerk: null });
    expect(hall.provider().session()).toBeUndefined();
    await until(async () => (hall.asked.some((a) => a.name === 'queueClerkSignOut') ? true : undefined), 'sign-out sent');
    expect(hall.asked.at(-1)).toEqual({ name: 'queueClerkSignOut', body: { session: 'S'.repeat(43) } });
    expect(changes.at(-1)).toEqual({ clerk: null, reason: 'idle' });

    // The service ended the session (idle there, or disabled): forgotten here, nothing sent back.
    await desk.handlers['clerk.signIn']({ clerkId: 'C1001', pin: '135790' });
    const sent = hall.asked.length;
    hall.provider().ended();
    expect(await desk.handlers['clerk.status']({})).toEqual({ clerk: null });
    expect(hall.asked.length).toBe(sent);
    expect(changes.at(-1)).toEqual({ clerk: null, reason: 'ended' });

    // The host stops with a clerk signed in: the service is told.
    await desk.handlers['clerk.signIn']({ clerkId: 'C1001', pin: '135790' });
    await desk.detach();
    expect(hall.asked.at(-1)).toMatchObject({ name: 'queueClerkSignOut' });
  });

  it('refuses the clerk methods on a terminal that is not a counter', async () => {
    const hall = fakeHall();
    const desk = new ClerkDesk({ queue: hall.queue, bus: new HostEventBus(), log: createLogger({}), clock: new ManualClock(0), role: 'kiosk', idleCheckMs: 0 });
    await expect(desk.handlers['clerk.signIn']({ clerkId: 'C1001', pin: '135790' })).rejects.toMatchObject({ detail: { key: 'role.methodRefused' } });
    expect(await desk.handlers['clerk.status']({})).toEqual({ clerk: null });
  });
});
