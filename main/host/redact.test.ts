import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';
import { redact, redactText } from './redact.js';

const ID = '11010519491231002X';

describe('redaction of personal data in logs', () => {
  it('censors personal fields by name at any depth', () => {
    expect(redact({ card: { name: '张三', idNumber: ID, address: '北京市东城区' }, sw3: 0x90 })).toEqual({
      card: { name: '[redacted]', idNumber: '[redacted]', address: '[redacted]' },
      sw3: 0x90,
    });
  });

  it('scrubs ID numbers and phone numbers inside free text', () => {
    expect(redactText(`lookup ${ID} failed; call 13812345678`)).toBe('lookup [redacted] failed; call [redacted]');
    expect(redactText('foreign permit ABC123456789012 and 15-digit 110105491231002')).toBe('foreign permit [redacted] and 15-digit [redacted]');
    // Technical numbers that are not personal stay readable.
    expect(redactText('port 5170, 1295 bytes, job 42')).toBe('port 5170, 1295 bytes, job 42');
  });

  it('keeps the logger itself free of personal data', async () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((written += chunk.toString()), done()) });
    const log = createLogger({ destination: sink });
    log.info({ holder: { name: '李四', idNumber: ID } }, `card read for ${ID}`);
    log.error(new Error(`bad card ${ID}`));
    await new Promise((r) => setTimeout(r, 20));
    expect(written).not.toContain(ID);
    expect(written).not.toContain('李四');
    expect(written).toContain('[redacted]');
  });
});
