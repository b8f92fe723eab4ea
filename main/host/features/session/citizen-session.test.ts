import { describe, expect, it } from 'vitest';
import type { IdCardReading } from '../../../../drivers/idcard/index.js';
import { CitizenSession } from './citizen-session.js';
import { holderView } from '../devices/idcard-feature.js';

function reading(): IdCardReading {
  return {
    card: {
      cardType: 'resident',
      name: '张示例',
      gender: 'male',
      genderCode: '1',
      nation: { code: '01', name: '汉' },
      birthDate: '1990-03-07',
      address: '北京市朝阳区示例路1号',
      idNumber: '110105199003071234',
      idNumberValid: true,
      issuer: '北京市公安局朝阳分局',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
      longTerm: false,
      photoLength: 1024,
      fingerprintLength: 512,
    },
    photo: { wlt: new Uint8Array(1024).fill(0x57), status: 'no-decoder' },
    fingerprint: new Uint8Array(512).fill(0x11),
    readAt: '2026-11-23T10:00:00.000Z',
  };
}

describe('citizen session', () => {
  it('zeroes the photo and fingerprint bytes and drops the card when wiped', () => {
    const session = new CitizenSession();
    const held = reading();
    session.hold('reader', held);
    expect(session.isEmpty()).toBe(false);
    expect(session.wipe()).toBe(true);
    expect(session.isEmpty()).toBe(true);
    expect(session.card()).toBeUndefined();
    expect(held.photo.wlt.every((b) => b === 0)).toBe(true);
    expect(held.fingerprint.every((b) => b === 0)).toBe(true);
    expect(session.wipe()).toBe(false);
  });

  it('wipes the previous citizen when the next card is read', () => {
    const session = new CitizenSession();
    const first = reading();
    session.hold('reader', first);
    session.hold('reader', reading());
    expect(first.photo.wlt.every((b) => b === 0)).toBe(true);
  });
});

describe('holder view for the screen', () => {
  it('is masked and flags expiry and age', () => {
    const base = reading();
    const card = { ...base.card, name: '王老人', idNumber: '11010519440520123X', birthDate: '1944-05-20', validTo: '2020-01-01', longTerm: false };
    const view = holderView('reader', { ...base, card }, new Date(2026, 10, 23));
    expect(view).toMatchObject({ maskedName: '王**', maskedIdNumber: '1101**********123X', age: 82, expired: true, photo: 'no-decoder' });
    expect(JSON.stringify(view)).not.toContain('王老人');
  });
});
