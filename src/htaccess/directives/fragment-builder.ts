// The DirFragment of one access file (or one <Files> body) while its directives run. Most
// directives write straight into the fragment; the authorization block needs a little state
// (the implicit <RequireAny> grows line by line, AuthMerging may come before or after it).

import {
  emptyFragment,
  type AuthMerging,
  type DirFragment,
  type LegacyAccess,
  type MethodSet,
  type RequireContainer,
  type RequireNode,
  type SourceLoc,
} from '../types.js';

/** A Require container whose children are still being read. */
export interface RequireContainerDraft {
  kind: 'any' | 'all' | 'none';
  children: RequireNode[];
  text: string;
  loc: SourceLoc;
}

/** <RequireAll> combines with AND; <RequireAny>, <RequireNone> and the top level with OR. */
export function containerOp(kind: RequireContainerDraft['kind']): 'and' | 'or' {
  return kind === 'all' ? 'and' : 'or';
}

/** How Apache names a container in its messages. */
export function containerTitle(kind: RequireContainerDraft['kind']): string {
  return kind === 'all' ? '<RequireAll>' : kind === 'any' ? '<RequireAny>' : '<RequireNone>';
}

/**
 * A container applies to the union of its children's methods (Apache ORs their `limited`
 * bits); one applying to every method makes it unlimited. An empty container applies to none.
 */
export function childrenMethods(children: readonly RequireNode[]): MethodSet {
  const union = new Set<string>();
  for (const child of children) {
    if (child.methods === null) return null;
    for (const m of child.methods) union.add(m);
  }
  return union;
}

export function finishContainer(draft: RequireContainerDraft): RequireContainer {
  return { ...draft, methods: childrenMethods(draft.children) };
}

export class FragmentBuilder {
  readonly fragment: DirFragment;
  private root: RequireContainerDraft | null = null;
  private merging: AuthMerging = 'off';
  private authzLoc: SourceLoc | null = null;

  constructor(source: string) {
    this.fragment = emptyFragment(source);
  }

  /** The implicit top-level <RequireAny>, created by the first authz directive. */
  authzRoot(loc: SourceLoc): RequireContainerDraft {
    this.authzLoc ??= loc;
    this.root ??= { kind: 'any', children: [], text: '(implicit <RequireAny>)', loc };
    return this.root;
  }

  setAuthMerging(value: AuthMerging, loc: SourceLoc): void {
    this.authzLoc ??= loc;
    this.merging = value;
  }

  /** mod_access_compat's settings, created by the first Order/Allow/Deny/Satisfy. */
  legacy(loc: SourceLoc): LegacyAccess {
    this.fragment.legacy ??= { order: null, allow: [], deny: [], satisfy: null, loc };
    return this.fragment.legacy;
  }

  warn(message: string, loc: SourceLoc): void {
    this.fragment.warnings.push({ file: loc.file, line: loc.line, message });
  }

  finish(): DirFragment {
    if (this.authzLoc !== null) {
      // AuthMerging without any Require still counts as an authz section (empty root).
      const root = finishContainer(
        this.root ?? { kind: 'any', children: [], text: '(implicit <RequireAny>)', loc: this.authzLoc },
      );
      this.fragment.authz = { root, merging: this.merging, loc: this.authzLoc };
    }
    return this.fragment;
  }
}
