// Parsing an AuthGroupFile as mod_authz_groupfile reads it (docs/apache-behaviour.md §5.7):
// `group: member member …`, `#`/blank lines skipped, group name before the first `:` with
// trailing whitespace trimmed, members are config words (quotes allowed, commas are NOT
// separators), a group may span several lines, member match is case-sensitive and group
// names match case-insensitively (ASCII folding, like Apache's apr_table).

import { getConfWord, getWord, isSkippedLine, readLogicalLines, trimSpace } from './config-lines.js';

export interface GroupFile {
  file: string;
  /** Groups `user` belongs to, names folded with foldGroupName(); empty set if none. */
  groupsOf(user: string): ReadonlySet<string>;
}

/**
 * Case folding for group names: ASCII letters only, as apr_table's strcasecmp does. Callers
 * comparing `Require group X` against groupsOf() must fold X with this same function.
 */
export function foldGroupName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

const NO_GROUPS: ReadonlySet<string> = new Set();

export function parseGroupFile(text: string, file: string): GroupFile {
  const groupsByUser = new Map<string, Set<string>>();

  for (const { text: content } of readLogicalLines(text)) {
    if (isSkippedLine(content)) continue;
    const { word, rest } = getWord(content, ':');
    const group = foldGroupName(trimSpace(word));
    let remaining = rest;
    while (remaining !== '') {
      const { word: member, rest: after } = getConfWord(remaining);
      remaining = after;
      let groups = groupsByUser.get(member);
      if (!groups) groupsByUser.set(member, (groups = new Set()));
      groups.add(group);
    }
  }
  return {
    file,
    groupsOf: (user) => groupsByUser.get(user) ?? NO_GROUPS,
  };
}
