// One rule for turning bytes into text, shared by the Authorization header and the
// htpasswd/group files, so that a user name compares the same way on both sides.
//
// Apache compares raw bytes. JavaScript compares strings, so we need one decoding:
// valid UTF-8 is decoded as UTF-8 (what every current browser sends and what a UTF-8
// terminal writes into htpasswd files); anything else is decoded as ISO-8859-1, which maps
// each byte to one character and so never loses information. Consequence (documented
// deviation): a legacy client sending `é` as the single byte 0xE9 matches a file that spells
// `é` in UTF-8, where Apache would not. A byte-order mark is kept (Apache keeps it too: it
// becomes part of the first user or group name).

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type TextEncodingName = 'utf8' | 'latin1';

export function decodeBytes(bytes: Uint8Array): string {
  return decodeBytesWithEncoding(bytes).text;
}

/** decodeBytes(), also saying which decoding applied (so an editor can write the same back). */
export function decodeBytesWithEncoding(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}
