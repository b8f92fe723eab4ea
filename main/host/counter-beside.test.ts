// The counter beside the default kiosk takes its configuration from the kiosk's file: counter 1 of the
// kiosk's hall on the kiosk's embedded platform, with the enrolment code while there is one; without
// the file it says to start the kiosk first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTER_BESIDE_FILE, counterBesideConfig } from './counter-beside.js';
import { parseConfig } from './config-loader.js';

const kioskDir = mkdtempSync(join(tmpdir(), 'hall-beside-'));
afterAll(() => rmSync(kioskDir, { recursive: true, force: true }));

describe('the counter beside the default kiosk', () => {
  it('says to start the kiosk first when it has not prepared the counter', () => {
    expect(() => counterBesideConfig(kioskDir)).toThrow(/Start the default hall first \(npm start\)/);
  });

  it("is counter 1 of the kiosk's hall on the kiosk's platform, enrolling with the code while there is one", () => {
    const file = join(kioskDir, COUNTER_BESIDE_FILE);
    writeFileSync(file, JSON.stringify({ platformUrl: 'http://127.0.0.1:41234', hallId: 'demo-hall', enrolmentCode: 'ABCD-EFGH-JKLM-NPQR' }));
    const config = parseConfig(counterBesideConfig(kioskDir), 'test');
    expect(config).toMatchObject({
      role: 'counter',
      terminalId: 'counter-01',
      hallId: 'demo-hall',
      platformUrl: 'http://127.0.0.1:41234',
      queue: { counterId: 'counter-1' },
      phonePages: { address: 'off' },
      sync: { enrolmentCode: 'ABCD-EFGH-JKLM-NPQR' },
    });
    writeFileSync(file, JSON.stringify({ platformUrl: 'http://127.0.0.1:41234', hallId: 'demo-hall' }));
    expect(parseConfig(counterBesideConfig(kioskDir), 'test').sync.enrolmentCode).toBeUndefined();
  });
});
