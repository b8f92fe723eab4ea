import { describe, expect, it } from 'vitest';
import { TERMINAL_ROLES } from './config.js';
import { hostEvents, hostMethods } from './host-api.js';
import { confinedViews, RATING_VIEW, ROLE_PROFILES, viewProfile } from './role-profiles.js';

describe('role profiles', () => {
  it('give every role its own window, naming only methods and events of the contract', () => {
    for (const role of TERMINAL_ROLES) {
      expect(viewProfile(role, 'main'), role).toBeDefined();
      for (const profile of Object.values(ROLE_PROFILES[role])) {
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
    expect(confinedViews('counter').map((p) => p.view).sort()).toEqual(['evaluate', 'stats']);
    expect(confinedViews('kiosk')).toEqual([]);
    expect(viewProfile('kiosk', 'evaluate')).toBeUndefined();
    expect(viewProfile('display', 'main')?.technicianChrome).toBe(false);
  });

  it('keep the public display to showing the queue: no application, case, code, ticket or counter method', () => {
    const display = viewProfile('display', 'main')!;
    for (const method of ['application.start', 'application.submit', 'counter.open', 'counter.decide', 'case.track', 'personalCode.issue', 'queue.issue', 'queue.call', 'queue.evaluate', 'proxy.signIn', 'printer.printReceipt'] as const) {
      expect(display.methods, method).not.toContain(method);
    }
    for (const method of ['queue.snapshot', 'queue.announced', 'admin.unlock', 'admin.diagnostics'] as const) expect(display.methods, method).toContain(method);
    // The kiosk's, counter's and proxy point's own windows keep every method (their features refuse by role).
    expect(viewProfile('kiosk', 'main')?.methods.length).toBe(Object.keys(hostMethods).length);
  });
});
