// Writes small MaxMind DB files for the tests, following the published MaxMind DB format 2.0:
// a binary search tree on the address bits (32-bit records), 16 zero bytes, the data section,
// then "\xAB\xCD\xEFMaxMind.com" and the metadata map. IPv6 trees hold IPv4 networks at ::a.b.c.d,
// where readers start IPv4 lookups (after 96 zero bits).
import { isIPv4 } from 'node:net';

/** A double whose value is a whole number (plain JS numbers with a fraction are written as doubles too). */
export class Double {
  constructor(readonly value: number) {}
}

/** A float (single precision). */
export class Float {
  constructor(readonly value: number) {}
}

export type MmdbValue =
  string | number | boolean | bigint | Buffer | Double | Float | MmdbValue[] | { [key: string]: MmdbValue };

/** `network` is `a.b.c.d/len` or an IPv6 `x::/len`. */
export interface MmdbNetwork {
  network: string;
  data: MmdbValue;
}

function control(type: number, size: number): Buffer {
  const head: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 29 + 256) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 285 + 65536) {
    sizeBits = 30;
    extra.push((size - 285) >> 8, (size - 285) & 0xff);
  } else {
    sizeBits = 31;
    const s = size - 65821;
    extra.push((s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff);
  }
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...extra]);
}

function uintBytes(v: bigint): Buffer {
  const out: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return Buffer.from(out);
}

export function encodeValue(v: MmdbValue): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([control(2, b.length), b]);
  }
  if (typeof v === 'boolean') return control(14, v ? 1 : 0);
  if (v instanceof Double || (typeof v === 'number' && !Number.isInteger(v))) {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v instanceof Double ? v.value : v);
    return Buffer.concat([control(3, 8), b]);
  }
  if (v instanceof Float) {
    const b = Buffer.alloc(4);
    b.writeFloatBE(v.value);
    return Buffer.concat([control(15, 4), b]);
  }
  if (typeof v === 'number') {
    if (v < 0) {
      const b = Buffer.alloc(4);
      b.writeInt32BE(v);
      return Buffer.concat([control(8, 4), b]);
    }
    const b = uintBytes(BigInt(v));
    return Buffer.concat([control(v < 65536 ? 5 : 6, b.length), b]);
  }
  if (typeof v === 'bigint') {
    const b = uintBytes(v);
    return Buffer.concat([control(v < 1n << 64n ? 9 : 10, b.length), b]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([control(4, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([control(11, v.length), ...v.map(encodeValue)]);
  const entries = Object.entries(v);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, x]) => [encodeValue(k), encodeValue(x)])]);
}

function networkBits(network: string, ipVersion: 4 | 6): { bits: number[]; len: number } {
  const [addr, lenText] = network.split('/') as [string, string];
  const len = Number(lenText);
  const bytes: number[] = [];
  if (isIPv4(addr)) {
    if (ipVersion === 6) bytes.push(...new Array<number>(12).fill(0));
    bytes.push(...addr.split('.').map(Number));
  } else {
    const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, ''];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    for (const g of [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t]) {
      const n = parseInt(g, 16);
      bytes.push(n >> 8, n & 0xff);
    }
  }
  const offset = isIPv4(addr) && ipVersion === 6 ? 96 : 0;
  const bits: number[] = [];
  for (let i = 0; i < offset + len; i++) bits.push((bytes[i >> 3]! >> (7 - (i & 7))) & 1);
  return { bits, len: offset + len };
}

type TrieNode = { kind: 'node'; children: [Trie, Trie] };
type Trie = TrieNode | { kind: 'data'; offset: number } | { kind: 'empty' };

function insert(root: TrieNode, bits: readonly number[], leaf: Trie): void {
  let node = root;
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i] === 1 ? 1 : 0;
    if (i === bits.length - 1) {
      node.children[bit] = leaf;
      return;
    }
    const child = node.children[bit];
    if (child.kind !== 'node') {
      // a wider network already here: split it, both halves keep its data
      const split: TrieNode = { kind: 'node', children: [child, child] };
      node.children[bit] = split;
      node = split;
    } else {
      node = child;
    }
  }
}

/** Build a database; networks are inserted in order (wider ones first, narrower ones inside them after). */
export function buildMmdb(
  networks: readonly MmdbNetwork[],
  opts: { ipVersion?: 4 | 6; databaseType?: string } = {},
): Buffer {
  const ipVersion = opts.ipVersion ?? 6;
  const data: Buffer[] = [];
  let dataLength = 0;
  const root: TrieNode = { kind: 'node', children: [{ kind: 'empty' }, { kind: 'empty' }] };
  for (const n of networks) {
    const encoded = encodeValue(n.data);
    const { bits } = networkBits(n.network, ipVersion);
    insert(root, bits, { kind: 'data', offset: dataLength });
    data.push(encoded);
    dataLength += encoded.length;
  }
  // number the nodes breadth-first
  const nodes: TrieNode[] = [];
  const index = new Map<TrieNode, number>();
  const queue: TrieNode[] = [root];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (index.has(n)) continue;
    index.set(n, nodes.length);
    nodes.push(n);
    for (const c of n.children) if (c.kind === 'node') queue.push(c);
  }
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 8);
  const record = (t: Trie): number =>
    t.kind === 'node' ? index.get(t)! : t.kind === 'empty' ? nodeCount : nodeCount + 16 + t.offset;
  nodes.forEach((n, i) => {
    tree.writeUInt32BE(record(n.children[0]), i * 8);
    tree.writeUInt32BE(record(n.children[1]), i * 8 + 4);
  });
  const metadata = encodeValue({
    node_count: nodeCount,
    record_size: 32,
    ip_version: ipVersion,
    database_type: opts.databaseType ?? 'htserve-test',
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(Math.floor(Date.now() / 1000)),
    description: { en: 'htserve test database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ]);
}
