// docs/apache-behaviour.md §6.3 address forms in `Require ip` and `Allow from` (clients bound to 127.0.0.x), invalid forms
// (500), `Require host` with IP literals, negation inside RequireAll.

import { file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

/** `Require ip <spec>` asked from several client addresses. */
function requireIp(spec: string, expects: Array<[from: string, status: number]>): Case {
  return {
    name: `Require ip ${spec}`,
    area: 'ip',
    tree: [htaccess('', `Require ip ${spec}`), file('f.txt')],
    requests: expects.map(([from, status]) => req('@/f.txt', { from, expect: status })),
  };
}

function allowFrom(spec: string, expects: Array<[from: string, status: number]>): Case {
  return {
    name: `Allow from ${spec}`,
    area: 'ip',
    tree: [htaccess('', 'Order deny,allow', 'Deny from all', `Allow from ${spec}`), file('f.txt')],
    requests: expects.map(([from, status]) => req('@/f.txt', { from, expect: status })),
  };
}

const invalid = (spec: string): Case => requireIp(spec, [['127.0.0.1', 500]]);

export const IP_CASES: Case[] = [
  requireIp('127.0.0.1', [
    ['127.0.0.1', 200],
    ['127.0.0.2', 403],
  ]),
  requireIp('127', [
    ['127.0.0.1', 200],
    ['127.0.0.2', 200],
  ]),
  requireIp('127.0', [
    ['127.0.0.2', 200],
    ['127.1.0.1', 403],
  ]),
  requireIp('127.0.0.', [
    ['127.0.0.2', 200],
    ['127.0.1.1', 403],
  ]),
  requireIp('127.0.0.0/8', [
    ['127.0.0.1', 200],
    ['127.1.2.3', 200],
  ]),
  requireIp('127.0.0.1/32', [
    ['127.0.0.1', 200],
    ['127.0.0.2', 403],
  ]),
  requireIp('127.0.0.5/8', [['127.0.0.1', 200]]),
  requireIp('127.0.0.2/31', [
    ['127.0.0.1', 403],
    ['127.0.0.2', 200],
    ['127.0.0.3', 200],
  ]),
  requireIp('127.0.0.0/30', [
    ['127.0.0.3', 200],
    ['127.0.0.4', 403],
  ]),
  requireIp('127.0.0.0/255.0.0.0', [
    ['127.0.0.1', 200],
    ['127.9.9.9', 200],
  ]),
  requireIp('127.0.0.1/255.0.255.0', [
    ['127.0.0.2', 200],
    ['127.0.1.1', 403],
  ]),
  requireIp('10.1 127.0.0.3', [
    ['127.0.0.3', 200],
    ['127.0.0.1', 403],
  ]),
  requireIp('::1', [['127.0.0.1', 403]]),
  requireIp('0:0:0:0:0:0:0:1', [['127.0.0.1', 403]]),
  requireIp('fe80::/10', [['127.0.0.1', 403]]),
  invalid('127.*'),
  invalid('foo'),
  invalid('300.1.1.1'),
  invalid('127.0.0.1/33'),
  invalid('0.0.0.0/0'),
  invalid('::1/129'),
  invalid('[::1]'),
  invalid('127/8'),
  invalid('::ffff:127.0.0.1'),
  invalid('10.0.0.1 # comment'),
  allowFrom('127.0.0.0/255.255.255.254', [
    ['127.0.0.1', 200],
    ['127.0.0.2', 403],
  ]),
  allowFrom('127.0.0', [
    ['127.0.0.9', 200],
    ['127.0.1.9', 403],
  ]),
  allowFrom('127.0.0.4/30', [
    ['127.0.0.5', 200],
    ['127.0.0.8', 403],
  ]),
  {
    name: 'Allow from an invalid address',
    area: 'ip',
    tree: [htaccess('', 'Order deny,allow', 'Deny from all', 'Allow from 127.0.0.1/40'), file('f.txt')],
    requests: [req('@/f.txt', { expect: 500 })],
  },
  {
    name: 'Require host with an IP literal never matches',
    area: 'ip',
    tree: [htaccess('', 'Require host 127.0.0.1'), file('f.txt')],
    requests: [req('@/f.txt', { expect: 403 })],
  },
  {
    name: 'Require not ip inside RequireAll',
    area: 'ip',
    tree: [
      htaccess('', '<RequireAll>', 'Require all granted', 'Require not ip 127.0.0.2 127.0.0.3', '</RequireAll>'),
      file('f.txt'),
    ],
    requests: [
      req('@/f.txt', { expect: 200 }),
      req('@/f.txt', { from: '127.0.0.2', expect: 403 }),
      req('@/f.txt', { from: '127.0.0.3', expect: 403 }),
    ],
  },
  {
    name: 'RequireAny of ip lists',
    area: 'ip',
    tree: [
      htaccess('', '<RequireAny>', 'Require ip 127.0.0.2', 'Require ip 127.0.0.3/32', '</RequireAny>'),
      file('f.txt'),
    ],
    requests: [
      req('@/f.txt', { expect: 403 }),
      req('@/f.txt', { from: '127.0.0.2', expect: 200 }),
      req('@/f.txt', { from: '127.0.0.3', expect: 200 }),
    ],
  },
];
