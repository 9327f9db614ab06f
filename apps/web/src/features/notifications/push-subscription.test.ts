import { describe, expect, it } from 'vitest';
import { keyBytes } from './push-subscription';

describe('keyBytes', () => {
  it('decodes base64url without padding, with - and _', () => {
    expect([...keyBytes('-_8')]).toEqual([0xfb, 0xff]);
    expect([...keyBytes('AQID')]).toEqual([1, 2, 3]);
  });

  it('gives the 65 bytes of an uncompressed P-256 key', () => {
    const bytes = keyBytes('BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM');
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBe(0x04);
  });
});
