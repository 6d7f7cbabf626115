// AuthMerging (docs/apache-behaviour.md §3.2, src merge_authz_core_dir_config): how a section's Require rules
// combine with the rules inherited from its parent. A section without authz directives has no
// AuthzBlock and simply inherits (the caller's concern), and AuthMerging is never inherited:
// every block carries its own setting.

import type { AuthzBlock, MethodSet, RequireContainer } from '../htaccess/types.js';

export function mergeAuthz(parent: RequireContainer | null, child: AuthzBlock): RequireContainer {
  if (parent === null || child.merging === 'off') return child.root;
  // `AuthMerging And|Or` without any Require line leaves the parent's rules unchanged.
  if (child.root.children.length === 0) return parent;
  const and = child.merging === 'and';
  return {
    kind: and ? 'all' : 'any',
    children: [parent, child.root],
    methods: unionMethods(parent.methods, child.root.methods),
    text: and ? 'AuthMerging And (parent rules AND these)' : 'AuthMerging Or (parent rules OR these)',
    loc: child.loc,
  };
}

/**
 * The <Files> sections that match a request, combined among themselves first, as ap_file_walk
 * does before merging the result onto the directory's configuration in one step. The combined
 * block carries the AuthMerging of the last section with authz directives (Apache's merged
 * conf takes the child's op), so `<Files *.pdf> Require group admins` from a parent and
 * `<Files x.pdf> AuthMerging Or / Require user carl` from a child give
 * `directory rules OR (group admins OR user carl)`: the first section's AuthMerging Off no
 * longer discards the directory's rules. Null when no section has authz directives.
 */
export function combineAuthzBlocks(blocks: readonly AuthzBlock[]): AuthzBlock | null {
  let acc: AuthzBlock | null = null;
  for (const block of blocks) {
    acc = acc === null ? block : { root: mergeAuthz(acc.root, block), merging: block.merging, loc: block.loc };
  }
  return acc;
}

/** Like Apache's `limited` bits: the merged node applies wherever either side applies. */
export function unionMethods(a: MethodSet, b: MethodSet): MethodSet {
  if (a === null || b === null) return null;
  return new Set([...a, ...b]);
}
