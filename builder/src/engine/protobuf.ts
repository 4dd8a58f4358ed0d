// Just enough of protobuf's wire format to read BuildKit's progress messages (the engine
// sends them base64-encoded) and to answer its calls on a build session: the handful of fields
// Aether needs do not justify a protobuf library and its generated code.

export type FieldValue = { wireType: 'varint'; value: number } | { wireType: 'bytes'; value: Uint8Array };

export interface Field {
  number: number;
  value: FieldValue;
}

export function* readFields(bytes: Uint8Array): Generator<Field> {
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new Error('truncated protobuf varint');
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  };
  while (offset < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    switch (key % 8) {
      case 0:
        yield { number, value: { wireType: 'varint', value: varint() } };
        break;
      case 2: {
        const length = varint();
        if (offset + length > bytes.length) throw new Error('truncated protobuf field');
        yield { number, value: { wireType: 'bytes', value: bytes.subarray(offset, offset + length) } };
        offset += length;
        break;
      }
      case 1:
        offset += 8;
        break;
      case 5:
        offset += 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${key % 8}`);
    }
  }
}

const utf8 = new TextDecoder();

export function asText(value: FieldValue): string {
  return value.wireType === 'bytes' ? utf8.decode(value.value) : '';
}

/** google.protobuf.Timestamp: seconds (1) and nanos (2). */
export function asDate(value: FieldValue): Date | undefined {
  if (value.wireType !== 'bytes') return undefined;
  let seconds = 0;
  let nanos = 0;
  for (const field of readFields(value.value)) {
    if (field.value.wireType !== 'varint') continue;
    if (field.number === 1) seconds = field.value.value;
    if (field.number === 2) nanos = field.value.value;
  }
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6));
}

/** A length-delimited field: a string, bytes or an embedded message. */
export function bytesField(number: number, value: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(number * 8 + 2), ...varint(value.length), ...value]);
}

export function varintField(number: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(number * 8), ...varint(value)]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}
