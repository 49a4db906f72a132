import { describe, expect, it } from 'vitest';
import { arrayBuffers } from './transfer';

describe('arrayBuffers', () => {
  it('lists each buffer of the typed arrays in a reply once, nested objects and arrays included', () => {
    const a = new Float64Array(4);
    const b = new Float32Array(2);
    const shared = new ArrayBuffer(64);
    const value = {
      step: 3,
      weights: {
        residual: a,
        embed: new Float64Array(shared, 0, 2),
        readoutW: new Float64Array(shared, 16, 2),
      },
      opt: [{ m: b, v: b }],
      label: 'x',
      none: null,
    };
    const got = arrayBuffers(value);
    expect(got).toHaveLength(3);
    expect(new Set(got)).toEqual(new Set([a.buffer, b.buffer, shared]));
  });

  it('lists nothing for plain values and empty arrays (an empty buffer cannot be transferred usefully)', () => {
    expect(arrayBuffers(7)).toEqual([]);
    expect(arrayBuffers({ x: new Float64Array(0), s: 'a' })).toEqual([]);
  });

  it('a message posted with the list hands the arrays over instead of copying them', () => {
    const value = { w: new Float64Array([1, 2, 3]) };
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(value, arrayBuffers(value));
    expect(value.w.length).toBe(0); // detached at the sender: moved, not cloned
    port1.close();
    port2.close();
  });
});
