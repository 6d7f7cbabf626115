// Whether a Require tree gives every request the same answer: only `Require all granted|denied`
// leaves that apply to every method (no <Limit>). Such a configuration's access outcome can be
// decided once and shared (src/access/check-access.ts), and listings under it can be shared.
import type { RequireNode } from '../htaccess/types.js';

export function requireTreeIsConstant(node: RequireNode): boolean {
  if (node.kind === 'leaf') return node.provider.type === 'all' && node.methods === null;
  return node.children.every(requireTreeIsConstant);
}
