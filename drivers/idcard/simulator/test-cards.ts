// Fictional cards for the simulator, tests and development. Every person here is invented; ID
// numbers get computed check characters, except the one card meant to fail the check.
import { SIMULATED_CARD_NAMES } from '../../../contract/api/simulators.js';
import { withIdNumberCheckCharacter } from '../../../contract/idcard.js';
import { buildSimulatedCard, fakeFingerprint, type CardTextInput, type SimulatedCard } from './card-builder.js';

export const RESIDENT_TEXT = {
  cardType: 'resident',
  name: '张示例',
  gender: '1',
  nation: '01',
  birthDate: '19900307',
  address: '北京市朝阳区示例路1号院2号楼3单元401室',
  idNumber: withIdNumberCheckCharacter('11010519900307123'),
  issuer: '北京市公安局朝阳分局',
  validFrom: '20200101',
  validTo: '20400101',
} as const satisfies CardTextInput;

export const GAT_TEXT = {
  cardType: 'gat-residence-permit',
  name: '陈测试',
  gender: '2',
  birthDate: '19850615',
  address: '广东省深圳市福田区示例大道100号',
  idNumber: withIdNumberCheckCharacter('81000019850615002'),
  issuer: '深圳市公安局',
  validFrom: '20210301',
  validTo: '20260301',
  passNumber: 'H12345678',
  issueCount: '01',
} as const satisfies CardTextInput;

export const FOREIGN_OLD_TEXT = {
  cardType: 'foreign-permanent-old',
  englishName: 'EXAMPLE, ALEX JORDAN',
  gender: '1',
  idNumber: 'USA110080010101',
  nationality: 'USA',
  name: '艾例思',
  validFrom: '20150101',
  validTo: '20250101',
  birthDate: '19800101',
  cardVersion: '01',
  acceptingAuthority: '1100',
} as const satisfies CardTextInput;

export const FOREIGN_2023_TEXT = {
  cardType: 'foreign-permanent-2023',
  name: '杜样本',
  gender: '2',
  issueCount: '00',
  birthDate: '19920220',
  englishName: 'DUPONT-EXEMPLE, MARIE ALEXANDRA JOSEPHINE',
  idNumber: withIdNumberCheckCharacter('93225019920220002'),
  validFrom: '20230601',
  validTo: '20330601',
  nationality: 'FRA',
} as const satisfies CardTextInput;

/** A resident card whose ID number has a wrong check character (the correct one is 4). */
export const INVALID_CHECK_TEXT = {
  ...RESIDENT_TEXT,
  name: '李错号',
  gender: '2',
  birthDate: '19880808',
  idNumber: corruptCheckCharacter(withIdNumberCheckCharacter('31010119880808002')),
  validTo: '长期',
} as const satisfies CardTextInput;

/** An 82-year-old resident (born 1944), long-term card: the elder-mode and 高龄津贴 flows. */
export const ELDER_TEXT = {
  ...RESIDENT_TEXT,
  name: '王老示',
  gender: '2',
  birthDate: '19440520',
  address: '北京市东城区示例胡同5号',
  idNumber: withIdNumberCheckCharacter('11010119440520004'),
  validFrom: '20100601',
  validTo: '长期',
} as const satisfies CardTextInput;

function corruptCheckCharacter(id: string): string {
  const wrong = id.endsWith('0') ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

/** The same names the host API offers for simulated readers. */
export const TEST_CARD_NAMES = SIMULATED_CARD_NAMES;
export type TestCardName = (typeof TEST_CARD_NAMES)[number];

export function testCard(name: TestCardName): SimulatedCard {
  switch (name) {
    case 'resident':
      return buildSimulatedCard(RESIDENT_TEXT, { photoSeed: 1, fingerprint: fakeFingerprint(1), additionalAddress: '北京市海淀区样例街88号' });
    case 'gat':
      return buildSimulatedCard(GAT_TEXT, { photoSeed: 2 });
    case 'foreign-old':
      return buildSimulatedCard(FOREIGN_OLD_TEXT, { photoSeed: 3 });
    case 'foreign-2023':
      return buildSimulatedCard(FOREIGN_2023_TEXT, { photoSeed: 4, fingerprint: fakeFingerprint(4, 512) });
    case 'invalid-check':
      return buildSimulatedCard(INVALID_CHECK_TEXT, { photoSeed: 5 });
    case 'elder':
      return buildSimulatedCard(ELDER_TEXT, { photoSeed: 6 });
  }
}
