import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, IdCard, isIdNumberCheckValid, withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { decodeCardText, formatCardDate } from './card-text.js';
import { NATIONS } from './nations.js';
import { encodeCardText } from './simulator/card-builder.js';
import { FOREIGN_2023_TEXT, GAT_TEXT, INVALID_CHECK_TEXT, RESIDENT_TEXT } from './simulator/test-cards.js';

/** Builds a text block by hand at the offsets of the reference tables (independent of the builder). */
function block(fields: Array<[offset: number, text: string]>): Uint8Array {
  const out = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) out[i] = 0x20;
  for (const [offset, text] of fields) out.set(Buffer.from(text, 'utf16le'), offset);
  return out;
}

function decoded(text: Uint8Array) {
  const result = decodeCardText(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('ID number check character (GB 11643 / ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002X', 'X'],
    ['932682198501010017', '7'],
    ['911124198108030024', '4'],
  ])('%s → %s', (id, check) => {
    expect(idNumberCheckCharacter(id.slice(0, 17))).toBe(check);
    expect(isIdNumberCheckValid(id)).toBe(true);
  });

  it('rejects a wrong check character, a wrong length and non-digits', () => {
    expect(isIdNumberCheckValid('110105194912310021')).toBe(false);
    expect(isIdNumberCheckValid('11010519491231002')).toBe(false);
    expect(isIdNumberCheckValid('1101051949123100AX')).toBe(false);
    expect(idNumberCheckCharacter('1234')).toBeUndefined();
    expect(() => withIdNumberCheckCharacter('12')).toThrow();
  });

  it('agrees with the ISO 7064 closed form (12 − S mod 11) mod 11 for every residue', () => {
    const residues = new Set<number>();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }), (digits) => {
        const sum = digits.reduce((acc, d, i) => acc + d * (2 ** (17 - i) % 11), 0);
        residues.add(sum % 11);
        const value = (12 - (sum % 11)) % 11;
        expect(idNumberCheckCharacter(digits.join(''))).toBe(value === 10 ? 'X' : String(value));
      }),
      { numRuns: 500 },
    );
    expect(residues.size).toBe(11);
  });

  it('accepts a lower-case x', () => {
    expect(isIdNumberCheckValid('11010519491231002x')).toBe(true);
  });
});

describe('decodeCardText', () => {
  it('decodes a resident card from the §1.7 offsets', () => {
    const card = decoded(
      block([
        [0, '王样例'],
        [30, '2'],
        [32, '05'],
        [36, '19491231'],
        [52, '北京市东城区示例胡同1号'],
        [122, '11010519491231002X'],
        [158, '北京市公安局东城分局'],
        [188, '20100101'],
        [204, '长期'],
      ]),
    );
    expect(card).toEqual({
      cardType: 'resident',
      name: '王样例',
      gender: 'female',
      genderCode: '2',
      nation: { code: '05', name: '维吾尔' },
      birthDate: '1949-12-31',
      address: '北京市东城区示例胡同1号',
      idNumber: '11010519491231002X',
      idNumberValid: true,
      issuer: '北京市公安局东城分局',
      validFrom: '2010-01-01',
      validTo: null,
      longTerm: true,
    });
  });

  it('decodes an HK/Macao/Taiwan residence permit (flag J at 248)', () => {
    const card = decoded(
      block([
        [0, '陈测试'],
        [30, '1'],
        [36, '19850615'],
        [52, '广东省深圳市'],
        [122, '810000198506150011'],
        [158, '深圳市公安局'],
        [188, '20210301'],
        [204, '20260301'],
        [220, 'H12345678'],
        [238, '03'],
        [248, 'J'],
      ]),
    );
    expect(card).toMatchObject({
      cardType: 'gat-residence-permit',
      passNumber: 'H12345678',
      issueCount: 3,
      gender: 'male',
      validTo: '2026-03-01',
      longTerm: false,
    });
    expect(card.nation).toBeUndefined();
    expect(card.idNumberValid).toBe(isIdNumberCheckValid('810000198506150011'));
  });

  it('decodes an old foreign permanent-resident card (flag I)', () => {
    const card = decoded(
      block([
        [0, 'EXAMPLE, ALEX JORDAN'],
        [120, '1'],
        [122, 'USA110080010101'],
        [152, 'USA'],
        [158, '艾例思'],
        [188, '20150101'],
        [204, '20250101'],
        [220, '19800101'],
        [236, '01'],
        [240, '1100'],
        [248, 'I'],
      ]),
    );
    expect(card).toEqual({
      cardType: 'foreign-permanent-old',
      name: '艾例思',
      englishName: 'EXAMPLE, ALEX JORDAN',
      gender: 'male',
      genderCode: '1',
      birthDate: '1980-01-01',
      idNumber: 'USA110080010101',
      idNumberValid: true,
      validFrom: '2015-01-01',
      validTo: '2025-01-01',
      longTerm: false,
      nationality: 'USA',
      cardVersion: '01',
      acceptingAuthority: '1100',
    });
  });

  it('decodes a 2023 foreign permanent-resident card (flag Y) with a name continued at 220', () => {
    const card = decoded(
      block([
        [0, '杜样本'],
        [30, '2'],
        [32, '01'],
        [36, '19920220'],
        [52, 'DUPONT-EXEMPLE, MARIE ALEXANDRA JOS'],
        [122, '932682198501010017'],
        [188, '20230601'],
        [204, '20330601'],
        [220, 'EPHINE'],
        [242, 'FRA'],
        [248, 'Y'],
      ]),
    );
    expect(card).toMatchObject({
      cardType: 'foreign-permanent-2023',
      name: '杜样本',
      englishName: 'DUPONT-EXEMPLE, MARIE ALEXANDRA JOSEPHINE',
      issueCount: 1,
      nationality: 'FRA',
      idNumber: '932682198501010017',
      idNumberValid: true,
      gender: 'female',
    });
  });

  it('reports a card whose ID number fails the check as idNumberValid:false', () => {
    const card = decoded(encodeCardText(INVALID_CHECK_TEXT));
    expect(card.idNumber).toBe(INVALID_CHECK_TEXT.idNumber);
    expect(card.idNumberValid).toBe(false);
    expect(card.longTerm).toBe(true);
  });

  it('the simulator builder round-trips every fictional card type', () => {
    expect(decoded(encodeCardText(RESIDENT_TEXT))).toMatchObject({
      name: RESIDENT_TEXT.name,
      idNumber: RESIDENT_TEXT.idNumber,
      idNumberValid: true,
      nation: { code: '01', name: '汉' },
    });
    expect(decoded(encodeCardText(GAT_TEXT))).toMatchObject({ cardType: 'gat-residence-permit', idNumberValid: true, issueCount: 1 });
    expect(decoded(encodeCardText(FOREIGN_2023_TEXT))).toMatchObject({ englishName: FOREIGN_2023_TEXT.englishName, idNumberValid: true });
  });

  it('decoded cards satisfy the contract schema', () => {
    const card = { ...decoded(encodeCardText(RESIDENT_TEXT)), photoLength: 1024, fingerprintLength: 0 };
    expect(IdCard.parse(card)).toEqual(card);
  });

  it('rejects an unknown card-type flag and a short block', () => {
    expect(decodeCardText(block([[248, 'Q']]))).toMatchObject({ ok: false, code: 'unknown-card-type' });
    expect(decodeCardText(new Uint8Array(200))).toMatchObject({ ok: false, code: 'bad-text-length' });
  });

  it('keeps an unknown nation code visible with a null name', () => {
    expect(decoded(block([[32, '77']])).nation).toEqual({ code: '77', name: null });
  });

  it('maps unexpected gender codes to unknown', () => {
    expect(decoded(block([[30, '9']])).gender).toBe('unspecified');
    expect(decoded(block([[30, '5']]))).toMatchObject({ gender: 'unknown', genderCode: '5' });
  });
});

describe('nation table and dates', () => {
  it('holds the 56 nations plus 97 and 98', () => {
    expect(NATIONS.size).toBe(58);
    expect(NATIONS.get('46')).toBe('德昂');
    expect(NATIONS.get('56')).toBe('基诺');
    expect(NATIONS.get('97')).toBe('其他');
    expect(NATIONS.get('98')).toBe('外国血统中国籍人士');
  });

  it('formats valid dates and keeps invalid ones raw', () => {
    expect(formatCardDate('20240229')).toBe('2024-02-29');
    expect(formatCardDate('20230229')).toBe('20230229');
    expect(formatCardDate('')).toBe('');
  });
});
