import { describe, expect, it } from 'vitest';
import { asDate, asText, bytesField, readFields, varintField } from './protobuf.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

describe('protobuf writing', () => {
  it('encodes varints seven bits at a time, as the protobuf encoding guide does 150', () => {
    expect([...varintField(1, 150)]).toEqual([0x08, 0x96, 0x01]);
    expect([...varintField(1, 127)]).toEqual([0x08, 0x7f]);
    expect([...varintField(1, 128)]).toEqual([0x08, 0x80, 0x01]);
    expect([...bytesField(2, new TextEncoder().encode('testing'))]).toEqual([0x12, 0x07, ...new TextEncoder().encode('testing')]);
  });
});

describe('protobuf reading', () => {
  it('reads varint and length-delimited fields, skipping fixed-width ones', () => {
    const message = concat(varintField(1, 128), bytes(0x19, 1, 2, 3, 4, 5, 6, 7, 8), bytes(0x25, 1, 2, 3, 4), bytesField(2, bytes(0x68, 0x69)));
    expect([...readFields(message)]).toEqual([
      { number: 1, value: { wireType: 'varint', value: 128 } },
      { number: 2, value: { wireType: 'bytes', value: bytes(0x68, 0x69) } },
    ]);
  });

  it('refuses truncated input and wire types it does not read', () => {
    expect(() => [...readFields(bytes(0x12, 0x05, 0x68))]).toThrow(new Error('truncated protobuf field'));
    expect(() => [...readFields(bytes(0x08, 0x80))]).toThrow(new Error('truncated protobuf varint'));
    expect(() => [...readFields(bytes(0x0b))]).toThrow(new Error('unsupported protobuf wire type 3'));
  });

  it('reads text and timestamps, seconds alone or with nanos', () => {
    expect(asText({ wireType: 'bytes', value: new TextEncoder().encode('héllo') })).toBe('héllo');
    expect(asText({ wireType: 'varint', value: 1 })).toBe('');
    const seconds = varintField(1, 1_700_000_000);
    expect(asDate({ wireType: 'bytes', value: seconds })).toEqual(new Date(1_700_000_000_000));
    expect(asDate({ wireType: 'bytes', value: concat(seconds, varintField(2, 250_999_999)) })).toEqual(new Date(1_700_000_000_250));
    expect(asDate({ wireType: 'varint', value: 1 })).toBeUndefined();
  });
});
