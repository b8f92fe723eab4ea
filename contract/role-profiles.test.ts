import { describe, expect, it } from 'vitest';
import { TERMINAL_ROLES } from './config.js';
import { hostEvents, hostMethods } from './host-api.js';
import { confinedViews, RATING_VIEW, ROLE_PROFILES, viewProfile } from './role-profiles.js';

describe('role profiles', () => {
  it('give every role its own window, naming only methods and events of the contract', () => {
    for (const role of TERMINAL_ROLES) {
      expect(viewProfile(role, 'main'), role).toBeDefined();
      for (const profile of Object.values(ROLE_PROFILES[role].views)) {
        for (const method of profile!.methods) expect(Object.keys(hostMethods), `${role}/${profile!.view}`).toContain(method);
        for (const event of profile!.events) expect(Object.keys(hostEvents), `${role}/${profile!.view}`).toContain(event);
      }
    }
  });

  it('let the citizen-facing rating view rate and nothing else', () => {
    expect(viewProfile('counter', 'evaluate')).toBe(RATING_VIEW);
    expect(RATING_VIEW.screens).toEqual(['evaluate']);
    expect([...RATING_VIEW.methods].sort()).toEqual(['queue.evaluate', 'queue.snapshot', 'terminal.info']);
    expect(RATING_VIEW.events).not.toContain('idcard.read');
    expect(RATING_VIEW.technicianChrome).toBe(false);
  });

  it('confine only the counter’s extra pages; a kiosk or display has none to open', () => {
    expect(
      confinedViews('counter')
        .map((p) => p.view)
        .sort(),
    ).toEqual(['evaluate', 'stats']);
    expect(confinedViews('kiosk')).toEqual([]);
    expect(viewProfile('kiosk', 'evaluate')).toBeUndefined();
    expect(viewProfile('display', 'main')?.technicianChrome).toBe(false);
  });

  it('keep the public display to showing the queue: no application, case, code, ticket or counter method', () => {
    const display = viewProfile('display', 'main')!;
    for (const method of [
      'application.start',
      'application.submit',
      'counter.open',
      'counter.decide',
      'case.track',
      'personalCode.issue',
      'queue.issue',
      'queue.call',
      'queue.evaluate',
      'proxy.signIn',
      'printer.printReceipt',
    ] as const) {
      expect(display.methods, method).not.toContain(method);
    }
    for (const method of ['queue.snapshot', 'queue.announced', 'admin.unlock', 'admin.diagnostics'] as const) expect(display.methods, method).toContain(method);
  });

  it('confine each operator window to its role: no other desk’s methods, the technician’s kept', () => {
    const refused = {
      kiosk: ['queue.call', 'queue.finish', 'counter.open', 'counter.decide', 'personalCode.issue', 'proxy.signIn', 'queue.announcements'],
      counter: ['application.start', 'application.submit', 'proxy.signIn', 'proxy.report', 'queue.checkIn', 'queue.announced'],
      'proxy-point': ['queue.call', 'queue.pause', 'counter.decide', 'personalCode.revoke', 'queue.checkIn', 'queue.announcements'],
    } as const;
    const kept = {
      kiosk: ['application.start', 'queue.issue', 'queue.checkIn', 'queue.evaluate', 'case.track', 'assist.call'],
      counter: ['queue.call', 'queue.pause', 'counter.decide', 'personalCode.issue', 'queue.stats', 'assist.acknowledge', 'case.track'],
      'proxy-point': ['proxy.signIn', 'application.submit', 'proxy.printReport', 'case.track'],
    } as const;
    for (const role of ['kiosk', 'counter', 'proxy-point'] as const) {
      const window = viewProfile(role, 'main')!;
      for (const method of refused[role]) expect(window.methods, `${role} refuses ${method}`).not.toContain(method);
      for (const method of [...kept[role], 'terminal.info', 'admin.unlock', 'admin.diagnostics', 'simulator.idcard.place', 'printer.status'] as const)
        expect(window.methods, `${role} keeps ${method}`).toContain(method);
    }
  });
});
