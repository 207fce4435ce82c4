import { describe, expect, it } from 'vitest';
import { maskPan, maskPansIn } from './card-data';

describe('maskPan', () => {
  it('keeps first 6 and last 4', () => {
    expect(maskPan('6217000010006354123')).toBe('621700*********4123');
    expect(maskPan('6222 0212 3456 7890')).toBe('622202******7890');
    expect(maskPan('621700*********6354')).toBe('621700*********6354');
    expect(maskPan('3782-822463-10005')).toBe('378282*****0005');
  });
  it('never leaks short or odd input', () => {
    expect(maskPan('12345678')).toBe('********');
    expect(maskPan('abc123')).toBe('******');
    expect(maskPan('')).toBe('');
    // 11 and 12 digits: first 6 + last 4 would show all but one or two of them.
    expect(maskPan('62170000100')).toBe('***********');
    expect(maskPan('621700001000')).toBe('************');
    expect(maskPan('62170000100063541234')).toBe('*'.repeat(20));
    expect(maskPan('6217000010006354x')).toBe('*'.repeat(17));
  });
});

describe('maskPansIn', () => {
  it('masks every digit run as long as a card number, by the same rule', () => {
    expect(maskPansIn('card 6217000010006354123 ok, ref 000000000034')).toBe('card 621700*********4123 ok, ref 000000000034');
    expect(maskPansIn('a=4111111111111111;b=5555555555554444')).toBe('a=411111******1111;b=555555******4444');
    expect(maskPansIn('a longer run 123456789012345678901 is no card')).toBe('a longer run 123456789012345678901 is no card');
  });
});
