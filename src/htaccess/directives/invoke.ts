// Apache's invoke_cmd (server/config.c): split a directive's argument text according to its
// declared shape and produce the same arity messages, e.g.
// "AuthName takes one argument, The authentication realm (e.g. "Members Only")".

import { getWord } from '../lexer.js';
import type { DirectiveSpec } from './spec.js';

export type Invocation = { kind: 'ok'; words: string[]; flag: boolean } | { kind: 'error'; message: string };

export function invoke(spec: Pick<DirectiveSpec, 'name' | 'args' | 'help'>, raw: string): Invocation {
  const arity = (what: string): Invocation => ({ kind: 'error', message: `${spec.name} ${what}, ${spec.help}` });
  const words: string[] = [];
  let pos = 0;
  /** Next word ('' at the end); `more()` tells whether any text is left after it. */
  const word = (): string => {
    const w = getWord(raw, pos);
    pos = w.next;
    return w.word;
  };
  const more = (): boolean => pos < raw.length;

  switch (spec.args) {
    case 'raw':
      return { kind: 'ok', words, flag: false };
    case 'noArgs':
      return raw === ''
        ? { kind: 'ok', words, flag: false }
        : { kind: 'error', message: `${spec.name} takes no arguments` };
    case 'take1': {
      const a = word();
      if (a === '' || more()) return arity('takes one argument');
      return ok([a]);
    }
    case 'take2': {
      const a = word();
      const b = word();
      if (a === '' || b === '' || more()) return arity('takes two arguments');
      return ok([a, b]);
    }
    case 'take12': {
      const a = word();
      const b = word();
      if (a === '' || more()) return arity('takes 1-2 arguments');
      return ok(b === '' ? [a] : [a, b]);
    }
    case 'take23': {
      const a = word();
      const b = word();
      const c = more() ? word() : null;
      if (a === '' || b === '' || more()) return arity('takes two or three arguments');
      return ok(c === null ? [a, b] : [a, b, c]);
    }
    case 'take123': {
      const a = word();
      const b = more() ? word() : null;
      const c = more() ? word() : null;
      if (a === '' || more()) return arity('takes one, two or three arguments');
      return ok([a, ...(b === null ? [] : [b]), ...(c === null ? [] : [c])]);
    }
    case 'iterate': {
      // An explicitly empty word ("") ends the list, as in Apache's loop.
      for (let w = word(); w !== ''; w = word()) words.push(w);
      if (words.length === 0) return arity('requires at least one argument');
      return ok(words);
    }
    case 'iterate2': {
      const first = word();
      if (first === '' || !more()) return arity('requires at least two arguments');
      words.push(first);
      for (let w = word(); w !== ''; w = word()) words.push(w);
      return ok(words);
    }
    case 'flag': {
      // Only the first word counts; anything after it is ignored, as in Apache.
      const w = word().toLowerCase();
      if (w !== 'on' && w !== 'off') return { kind: 'error', message: `${spec.name} must be On or Off` };
      return { kind: 'ok', words: [w], flag: w === 'on' };
    }
  }
}

function ok(words: string[]): Invocation {
  return { kind: 'ok', words, flag: false };
}
