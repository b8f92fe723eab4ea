// Personal data must never reach a log. Known fields are censored by name; free text is
// scrubbed of anything shaped like an ID number or a phone number as a second line of defence.

export const PERSONAL_FIELD_NAMES = [
  'name',
  'fullName',
  'holderName',
  'idNumber',
  'address',
  'phone',
  'mobile',
  'photo',
  'fingerprint',
  'birthDate',
  'issuer',
  'signature',
  'passNumber',
  'englishName',
  'chineseName',
] as const;

const CENSOR = '[redacted]';
const personalKeys = new Set<string>(PERSONAL_FIELD_NAMES.map((key) => key.toLowerCase()));
// 15/18-character resident ID numbers, HK/Macao/Taiwan and foreign permanent-resident numbers, mainland mobiles.
const ID_LIKE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|[A-Z]{3}\d{12}|1[3-9]\d{9})(?![0-9A-Za-z])/g;

export function redactText(text: string): string {
  return text.replace(ID_LIKE, CENSOR);
}

/** Deep copy with personal fields censored and ID-like strings scrubbed. Cycles are cut. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  }
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = personalKeys.has(key.toLowerCase()) ? CENSOR : redact(item, seen);
  }
  return out;
}
