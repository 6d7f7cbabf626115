// Checks of one compiled access file against what is in force above it: everything that would
// make a request fail (500) or behave differently from what its author probably meant.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { fragmentBodies } from '../htaccess/merge.js';
import type { DirFragment, RequireContainer, RequireNode, SourceLoc } from '../htaccess/types.js';
import type { Finding } from './findings.js';
import { checkRewrite } from './rewrite-rules.js';

function at(loc: SourceLoc, severity: Finding['severity'], message: string): Finding {
  return { file: loc.file, line: loc.line, severity, message };
}

function leaves(node: RequireNode): RequireNode[] {
  return node.kind === 'leaf' ? [node] : node.children.flatMap(leaves);
}

function needsUser(root: RequireContainer): boolean {
  return leaves(root).some(
    (l) => l.kind === 'leaf' && !l.negated && ['valid-user', 'user', 'group', 'scope'].includes(l.provider.type),
  );
}

function onlyNegations(node: RequireNode, out: Finding[]): void {
  if (node.kind === 'leaf') return;
  if (
    node.kind === 'all' &&
    node.children.length > 0 &&
    node.children.every((c) => (c.kind === 'leaf' && c.negated) || c.kind === 'none')
  ) {
    out.push(
      at(
        node.loc,
        'warning',
        '<RequireAll> contains only negations: it can never grant, so every request here gets 403',
      ),
    );
  }
  for (const c of node.children) onlyNegations(c, out);
}

/**
 * How much a rule asks for: 0 = nothing (all granted) … 3 = a named user or group, 4 = nobody.
 * A child whose rules ask for less than its parent's widens access (AuthMerging Off replaces).
 */
function strictness(node: RequireNode): number {
  if (node.kind === 'leaf') {
    if (node.negated) return 0;
    switch (node.provider.type) {
      case 'all':
        return node.provider.granted ? 0 : 4;
      case 'valid-user':
        return 2;
      case 'user':
      case 'group':
      case 'scope':
        return 3;
      default:
        return 1;
    }
  }
  const ranks = node.children.map(strictness);
  if (ranks.length === 0) return 0;
  if (node.kind === 'none') return 0;
  return node.kind === 'all' ? Math.max(...ranks) : Math.min(...ranks);
}

/** `Satisfy Any` with nothing the legacy rules deny: Require is never reached. */
function satisfyAnyOpensAll(cfg: EffectiveConfig): boolean {
  const l = cfg.legacy;
  if (!l || l.satisfy?.value !== 'any') return false;
  return l.deny.length === 0 && l.order?.value !== 'allow,deny' && l.order?.value !== 'mutual-failure';
}

export interface FragmentContext {
  /** Configuration in force before this file. */
  parent: EffectiveConfig;
  /** Configuration in force after it. */
  merged: EffectiveConfig;
  documentRoot: string;
  serverRoot: string;
}

export function checkFragment(frag: DirFragment, ctx: FragmentContext, out: Finding[]): void {
  for (const w of frag.warnings) out.push({ ...w, severity: 'warning' });
  const bodies: DirFragment[] = fragmentBodies(frag);
  for (const body of bodies) checkSection(body, ctx, out);
  if (frag.rewrite) checkRewrite(frag.rewrite, ctx.merged, out);
  // Rules inside <Files>/<If> bodies (the top fragment is among the bodies: skip it).
  for (const body of bodies) if (body !== frag && body.rewrite) checkRewrite(body.rewrite, ctx.merged, out);

  for (const f of frag.files) {
    const pattern = f.matcher.pattern;
    const grants =
      f.body.authz &&
      leaves(f.body.authz.root).some(
        (l) => l.kind === 'leaf' && !l.negated && l.provider.type === 'all' && l.provider.granted,
      );
    const htLike =
      f.matcher.kind === 'glob'
        ? /^\.ht/.test(pattern) || pattern === '*' || pattern.startsWith('.h*')
        : /\\\.ht|\^\\\.h/.test(pattern);
    if (grants && htLike) {
      out.push(
        at(
          f.loc,
          'warning',
          `<Files ${pattern}> grants access to .ht* names: Apache would then serve .htaccess/.htpasswd (htserve still refuses them)`,
        ),
      );
    }
  }

  // legacy rules replace the parent's entirely (docs/apache-behaviour.md §3.3)
  if (frag.legacy && ctx.parent.legacy) {
    out.push(
      at(
        frag.legacy.loc,
        'warning',
        `Order/Allow/Deny/Satisfy here replace ALL legacy rules of ` +
          `${path.basename(path.dirname(ctx.parent.legacy.loc.file))}/${path.basename(ctx.parent.legacy.loc.file)} ` +
          `(${ctx.parent.legacy.loc.file}:${ctx.parent.legacy.loc.line}); they are not merged`,
      ),
    );
  }
  // a child's Require replaces the parent's under AuthMerging Off (docs/apache-behaviour.md §3.2)
  if (
    frag.authz &&
    frag.authz.merging === 'off' &&
    ctx.parent.authz.loc.line > 0 &&
    strictness(frag.authz.root) < strictness(ctx.parent.authz)
  ) {
    out.push(
      at(
        frag.authz.loc,
        'warning',
        `this Require replaces the parent's stricter rules ` +
          `(${ctx.parent.authz.loc.file}:${ctx.parent.authz.loc.line}) and widens access (AuthMerging Off); ` +
          `use AuthMerging And to add to them instead`,
      ),
    );
  }
  // Require needing a user with no usable authentication (500 at request time)
  if (frag.authz && needsUser(ctx.merged.authz) && !satisfyAnyOpensAll(ctx.merged)) {
    const type = ctx.merged.authType?.value.toLowerCase();
    if (!type || type === 'none') {
      out.push(
        at(
          frag.authz.loc,
          'error',
          'Require needs a signed-in user but no AuthType is in force: every request that reaches it gets 500',
        ),
      );
    } else if ((type === 'basic' || type === 'bearer') && !ctx.merged.authName) {
      const t = ctx.merged.authType!;
      out.push(at(t.loc, 'error', `AuthType ${t.value} without AuthName: requests that need a user get 500`));
    }
  }
}

function checkSection(body: DirFragment, ctx: FragmentContext, out: Finding[]): void {
  const type = body.authType?.value.toLowerCase();
  if (body.authType && (type === 'basic' || type === 'bearer') && !body.authName && !ctx.merged.authName) {
    const t = body.authType.value;
    out.push(at(body.authType.loc, 'error', `AuthType ${t} without AuthName: requests that need a user get 500`));
  }
  if (body.authType && !['basic', 'none', 'bearer'].includes(type!)) {
    out.push(
      at(
        body.authType.loc,
        'error',
        `AuthType ${body.authType.value} is not supported (only Basic and Bearer): requests that need a user get 500`,
      ),
    );
  }
  checkBearer(body, ctx, out);
  if (body.authType && body.authType.value.toLowerCase() === 'basic' && !needsUser(ctx.merged.authz) && !body.authz) {
    out.push(
      at(body.authType.loc, 'warning', 'AuthType Basic but no Require asks for a user here: no password will be asked'),
    );
  }
  if (body.authz) onlyNegations(body.authz.root, out);
  if (body.legacy?.satisfy?.value === 'any') {
    const restrictive =
      body.legacy.deny.length > 0 ||
      body.legacy.order?.value === 'allow,deny' ||
      body.legacy.order?.value === 'mutual-failure';
    if (!restrictive) {
      out.push(
        at(
          body.legacy.satisfy.loc,
          'warning',
          'Satisfy Any with no Deny rule: the legacy default allows everyone, so Require (and the password) is skipped for all clients',
        ),
      );
    }
  }
  for (const [kind, f] of [
    ['AuthUserFile', body.authUserFile],
    ['AuthGroupFile', body.authGroupFile],
    ['AuthBearerTokenFile', body.bearer?.tokenFile],
    ['AuthBearerJWKS', body.bearer?.jwks],
  ] as const) {
    if (!f) continue;
    const abs = path.resolve(ctx.serverRoot, f.value);
    if (!existsSync(abs)) {
      const group = kind === 'AuthGroupFile';
      out.push(
        at(
          f.loc,
          group ? 'warning' : 'error',
          `${kind} ${abs} does not exist: ${group ? 'Require group never matches' : 'signed-in requests get 500'}`,
        ),
      );
    }
    const rel = path.relative(ctx.documentRoot, abs);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      out.push(
        at(
          f.loc,
          'warning',
          `${kind} ${abs} is inside the document root: Apache would serve it unless its name starts with .ht (htserve refuses it)`,
        ),
      );
    }
  }
}

/** Bearer realms (an htserve extension): something to check tokens against, and what `Require scope` can match. */
function checkBearer(body: DirFragment, ctx: FragmentContext, out: Finding[]): void {
  const merged = ctx.merged;
  const bearerType = merged.authType?.value.toLowerCase() === 'bearer';
  const b = merged.bearer;
  if (body.authType?.value.toLowerCase() === 'bearer' && !b?.tokenFile && !b?.jwks && !b?.secret) {
    out.push(
      at(
        body.authType.loc,
        'error',
        'AuthType Bearer without AuthBearerTokenFile, AuthBearerJWKS or AuthBearerSecret: requests that need a token get 500',
      ),
    );
  }
  if (body.bearer?.jwks && !b?.audience) {
    out.push(
      at(
        body.bearer.jwks.loc,
        'warning',
        'AuthBearerJWKS without AuthBearerAudience: a JWT issued for any other service with the same keys is accepted',
      ),
    );
  }
  if (body.authz && !bearerType) {
    const scoped = leaves(body.authz.root).find((l) => l.kind === 'leaf' && l.provider.type === 'scope');
    if (scoped) {
      out.push(
        at(
          scoped.loc,
          'warning',
          'Require scope only matches Bearer tokens, but AuthType Bearer is not in force here: it never grants',
        ),
      );
    }
  }
}
