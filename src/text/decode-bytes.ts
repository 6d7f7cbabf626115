// One rule for turning bytes into text, shared by the Authorization header, the htpasswd/group
// files and request paths, so that a name compares the same way everywhere.
//
// Apache compares raw bytes. JavaScript compares strings, so we need one decoding:
// valid UTF-8 is decoded as UTF-8 (what every current browser sends and what a UTF-8
// terminal writes into htpasswd files); anything else keeps ASCII as is and maps every byte
// 0x80-0xFF to the lone surrogate U+DC80-U+DCFF ("surrogate escape"). Strict UTF-8 decoding
// never produces lone surrogates, so two texts are equal exactly when their bytes are — as in
// Apache: a legacy client sending `é` as the single byte 0xE9 does NOT match a file that spells
// `é` in UTF-8. Node's latin1 encoder keeps the low byte, so Buffer.from(text, 'latin1') gives
// the original bytes back. A byte-order mark is kept (Apache keeps it too: it becomes part of
// the first user or group name).

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
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b < 0x80 ? b : 0xdc00 + b);
    return { text, encoding: 'latin1' };
  }
}

/**
 * The inverse of decodeBytes(): UTF-8, except that an escaped byte (U+DC80-U+DCFF) is that one
 * byte again, so encodeBytes(decodeBytes(b)) gives b back for any bytes b.
 */
export function encodeBytes(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc80 || c > 0xdcff) continue;
    // a low surrogate right after a high one is half of a real character, not an escape
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (prev >= 0xd800 && prev <= 0xdbff) continue;
    parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.of(c - 0xdc00));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
