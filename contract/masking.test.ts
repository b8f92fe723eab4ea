import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskNameForCalling } from './masking.js';

describe('masking personal data for screens', () => {
  it('masks Chinese and Latin names', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('EXAMPLE, ALEX JORDAN')).toBe('E***, A*** J***');
    expect(maskName('  ')).toBe('');
  });

  it('masks a name for silent calling with the title from the card', () => {
    expect(maskNameForCalling('张三丰', 'female')).toBe('张**女士');
    expect(maskNameForCalling('张三', 'male')).toBe('张*先生');
    expect(maskNameForCalling('张三', 'unknown')).toBe('张*');
    expect(maskNameForCalling('ALEX JORDAN', 'male')).toBe('A*** J***');
    expect(maskNameForCalling(' ', 'female')).toBe('');
  });

  it('masks ID numbers keeping four characters at each end', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('USA110080010101')).toBe('USA1*******0101');
    expect(maskIdNumber('1234')).toBe('****');
  });
});
