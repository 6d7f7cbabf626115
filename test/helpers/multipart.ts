// Splits a multipart/byteranges body (RFC 9110 section 14.6) into its parts, byte-exact, so tests
// can check each part's headers and bytes independently of how the server framed them.

export interface BytePart {
  /** Part header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string {
  const m = /^multipart\/byteranges;\s*boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  if (!m) throw new Error(`not multipart/byteranges with a boundary: ${String(contentType)}`);
  return m[2]!;
}

export function parseByteranges(body: Buffer, contentType: string | undefined): BytePart[] {
  const boundary = boundaryOf(contentType);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: BytePart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('no boundary delimiter in the body');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // close delimiter
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new Error(`bad delimiter line at ${pos}`);
    pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headEnd < 0) throw new Error('part without a header block');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headEnd).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = headEnd + 4;
    // the CRLF before the next delimiter belongs to the delimiter, not to the part
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), start);
    if (next < 0) throw new Error('part not terminated by a delimiter');
    parts.push({ headers, body: body.subarray(start, next) });
    pos = next + 2;
  }
  return parts;
}
