// Compact builders for the seed catalog, so each item reads like the one-page guide it becomes.
import type { CatalogItem, FormField, LifeEvent, Material } from '../../contract/catalog.js';

type MaterialOptions = Partial<Pick<Material, 'count' | 'format' | 'electronicLicense' | 'required' | 'note' | 'onScreenForm'>>;

const material =
  (form: Material['form']) =>
  (id: string, name: string, options: MaterialOptions = {}): Material => ({
    id,
    name,
    form,
    count: options.count ?? 1,
    format: options.format ?? 'paper',
    electronicLicense: options.electronicLicense ?? false,
    required: options.required ?? true,
    ...(options.note ? { note: options.note } : {}),
    ...(options.onScreenForm ? { onScreenForm: options.onScreenForm } : {}),
  });

/** Fields of a form filled on the kiosk's screen (现场填写). */
export const choiceField = (id: string, label: string, options: string[]): FormField => ({ id, label, kind: 'choice', options, required: true });
export const textField = (id: string, label: string, required = true, maxLength = 60): FormField => ({ id, label, kind: 'text', required, maxLength });
export const digitsField = (id: string, label: string, maxLength: number, required = false): FormField => ({ id, label, kind: 'digits', required, maxLength });

export const original = material('original');
export const copy = material('copy');
export const both = material('original-and-copy');

/** Materials that nearly every item asks for. */
export const idCard = (note?: string) => original('id-card', '居民身份证', { electronicLicense: true, ...(note ? { note } : {}) });
export const householdBook = () => original('hukou-book', '居民户口簿', { electronicLicense: true });
export const applicationForm = (name: string) => original('application-form', name, { note: '可在自助终端现场填写并签名' });
export const photo = (spec: string) => original('photo', `近期免冠证件照（${spec}）`, { count: 1, note: '自助终端可现场拍摄' });
export const bankCard = () => copy('bank-card', '本人社会保障卡或银行卡', { note: '用于发放待遇' });

export interface Department {
  name: string;
  code: string;
  location: string;
  windows: string[];
}

export const DEPARTMENTS = {
  police: { name: '市公安局', code: '01', location: '市民服务中心一楼 A 区', windows: ['A01', 'A02', 'A03'] },
  civil: { name: '市民政局', code: '02', location: '市民服务中心二楼 B 区', windows: ['B05', 'B06'] },
  hrss: { name: '市人力资源和社会保障局', code: '03', location: '市民服务中心二楼 C 区', windows: ['C01', 'C02', 'C03', 'C04'] },
  medical: { name: '市医疗保障局', code: '04', location: '市民服务中心二楼 C 区', windows: ['C08', 'C09'] },
  market: { name: '市市场监督管理局', code: '05', location: '市民服务中心三楼 D 区', windows: ['D01', 'D02', 'D03'] },
  resources: { name: '市自然资源和规划局（不动产登记中心）', code: '06', location: '市民服务中心三楼 E 区', windows: ['E01', 'E02', 'E03', 'E04'] },
  fund: { name: '市住房公积金管理中心', code: '07', location: '市民服务中心一楼 F 区', windows: ['F01', 'F02'] },
  health: { name: '市卫生健康委员会', code: '08', location: '市民服务中心二楼 B 区', windows: ['B01', 'B02'] },
  disabled: { name: '市残疾人联合会', code: '09', location: '市民服务中心二楼 B 区', windows: ['B08'] },
  tax: { name: '国家税务总局市税务局', code: '10', location: '市民服务中心一楼 G 区', windows: ['G01', 'G02', 'G03'] },
  education: { name: '市教育局', code: '11', location: '市民服务中心三楼 H 区', windows: ['H01'] },
  transport: { name: '市交通运输局', code: '12', location: '市民服务中心三楼 H 区', windows: ['H05'] },
} as const satisfies Record<string, Department>;

export type DepartmentKey = keyof typeof DEPARTMENTS;

export interface SeedItemInput extends Omit<CatalogItem, 'code' | 'department' | 'location' | 'windows' | 'revision' | 'lifeEvents' | 'identityCheck'> {
  identityCheck?: CatalogItem['identityCheck'];
  dept: DepartmentKey;
  /** Sequence within the department; the standard code is built from the department code and it. */
  seq: number;
  lifeEvents: LifeEvent[];
  windows?: string[];
}

/** Kinds that pay money to the applicant: a kiosk asks for the personal code as well as the card. */
const SENSITIVE_KINDS = new Set(['行政给付']);

/** A seed item with its standard implementation code (HT + department + sequence + version). */
export function seedItem(input: SeedItemInput): CatalogItem {
  const { dept, seq, windows, identityCheck, ...rest } = input;
  const department = DEPARTMENTS[dept];
  return {
    ...rest,
    identityCheck: identityCheck ?? (SENSITIVE_KINDS.has(rest.kind) ? 'personal-code-and-id-card' : 'id-card'),
    code: `HT${department.code}${String(seq).padStart(4, '0')}000`,
    department: department.name,
    location: department.location,
    windows: windows ?? [...department.windows],
    revision: 1,
  };
}
