// What a screen may show of a person: enough to recognise one's own card, not enough to copy it.

/** 张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep each word's initial: ALEX JORDAN → A*** J***. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  if (/^[\p{Script=Han}·]+$/u.test(trimmed)) {
    const chars = [...trimmed];
    return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
  }
  return trimmed
    .split(/([\s,]+)/)
    .map((part) => (/^[\s,]+$/.test(part) || part === '' ? part : `${[...part][0]}***`))
    .join('');
}

/**
 * The form a hall display may call a person by (silent calling): the masked name with the polite
 * title from the card's gender, 张三 (female) → 张*女士; a Latin name or an unknown gender gets no title.
 */
export function maskNameForCalling(name: string, gender: 'male' | 'female' | 'unknown' | 'unspecified'): string {
  const masked = maskName(name);
  if (!masked || !/^[\p{Script=Han}·]/u.test(masked)) return masked;
  return masked + (gender === 'female' ? '女士' : gender === 'male' ? '先生' : '');
}

/** Keeps the first 4 and last 4 characters: 110105199003071234 → 1101**********1234. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** 示例省示例市示例路1号 → 示例省示例市****: the region stays, the street and number go. */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? '*'.repeat(chars.length) : chars.slice(0, 6).join('') + '*'.repeat(Math.min(8, chars.length - 6));
}

/** 13912345678 → 139****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
