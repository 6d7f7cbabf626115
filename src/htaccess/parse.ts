// Logical lines -> a tree of directives and sections, as Apache's ap_build_config does before
// any directive runs. This stage alone decides section nesting errors (so a stray `</Files>`
// on line 9 is reported even when line 2 holds an unknown directive), and it evaluates the
// conditional sections (<IfModule>, <IfVersion>, <IfDefine>, ...) while reading: the body of a
// false condition is skipped unparsed, only its section nesting is followed.

import { getWord, readLogicalLines, splitWords, type LogicalLine } from './lexer.js';
import { ConfigFault, type ConfigError, type SourceLoc } from './types.js';

export interface DirectiveNode {
  kind: 'directive';
  /** The name as written (a trailing `>` is dropped, as Apache does). */
  name: string;
  /** The words after the name (quotes removed). */
  args: string[];
  /** The argument text as Apache hands it to the directive: after the name and its spaces. */
  rawArgs: string;
  loc: SourceLoc;
}

export interface SectionNode {
  kind: 'section';
  /** The name as written, without `<`: `Files`, `requireall`. */
  name: string;
  /** The header words before the last `>`. */
  args: string[];
  /** The header text as Apache hands it to the section handler, normally ending in `>`. */
  rawArgs: string;
  loc: SourceLoc;
  children: ConfigNode[];
}

export type ConfigNode = DirectiveNode | SectionNode;

/** Answers for the conditional sections, which Apache evaluates while reading the file. */
export interface ConditionTests {
  /** `<IfModule name>`: `mod_x.c` or `x_module` spelling. */
  module(name: string): boolean;
  /** `<IfDefine NAME>`: a `-D` define. */
  define(name: string): boolean;
  /** `<IfDirective Name>`. */
  directive(name: string): boolean;
  /** `<IfSection Name>` (without the `<`). */
  section(name: string): boolean;
  /** `<IfFile path>`. */
  file(path: string): boolean;
}

export interface ParseOptions {
  file: string;
  conditions: ConditionTests;
  /** Canonical spelling of a known directive or section name (`<files` -> `<Files`). */
  canonicalName(name: string): string | undefined;
  /** `<IfVersion ...>`: the raw header text -> true/false, or Apache's error message. */
  versionTest(rawArgs: string): { kind: 'ok'; value: boolean } | { kind: 'error'; message: string };
  /**
   * Directives Apache runs while reading (Include, Define, LoadModule...). In an access file
   * they fail at read time, before any other directive is looked at: return the message.
   */
  readTimeError(name: string): string | null;
}

export type ParseResult = { kind: 'ok'; nodes: ConfigNode[] } | { kind: 'error'; error: ConfigError };

/** The conditional sections: lower-case name -> Apache's spelling and the test to run. */
const CONDITIONALS = new Map<string, { name: string; test: keyof ConditionTests }>([
  ['<ifmodule', { name: '<IfModule', test: 'module' }],
  ['<ifdefine', { name: '<IfDefine', test: 'define' }],
  ['<ifdirective', { name: '<IfDirective', test: 'directive' }],
  ['<ifsection', { name: '<IfSection', test: 'section' }],
  ['<iffile', { name: '<IfFile', test: 'file' }],
]);

export function parseAccessFile(text: string, options: ParseOptions): ParseResult {
  const read = readLogicalLines(text);
  if (read.kind === 'error') {
    const message = `Error reading ${options.file} at line ${read.line}: ${read.message}`;
    return { kind: 'error', error: { file: options.file, line: read.line, message } };
  }
  try {
    return { kind: 'ok', nodes: new TreeBuilder(read.lines, options).buildFile() };
  } catch (e) {
    if (e instanceof ConfigFault) return { kind: 'error', error: e.fault };
    throw e;
  }
}

/** The header words of a section: the text before the last `>`, split into words. */
export function sectionHeaderWords(rawArgs: string): string[] {
  const end = rawArgs.lastIndexOf('>');
  return splitWords(end < 0 ? rawArgs : rawArgs.slice(0, end));
}

class TreeBuilder {
  private next = 0;

  constructor(
    private readonly lines: readonly LogicalLine[],
    private readonly options: ParseOptions,
  ) {}

  buildFile(): ConfigNode[] {
    const top: ConfigNode[] = [];
    const open: SectionNode[] = [];
    while (this.next < this.lines.length) this.buildLine(this.lines[this.next++]!, top, open);
    if (open.length > 0) {
      // Apache lists every unclosed section; the innermost one is where the close is missing.
      const innermost = open[open.length - 1]!;
      this.fail(innermost.loc.line, `${this.canonical(`<${innermost.name}`)}> was not closed.`);
    }
    return top;
  }

  /** ap_build_config_sub: one logical line into the tree under construction. */
  private buildLine(line: LogicalLine, top: ConfigNode[], open: SectionNode[]): void {
    const first = getWord(line.text);
    let name = first.word;
    let rawArgs = line.text.slice(first.next);
    if (name === '') return;
    if (name[1] !== '/') {
      if (name.endsWith('>')) name = name.slice(0, -1);
      if (name.startsWith('<') && rawArgs === '') rawArgs = '>';
    }
    const loc = this.loc(line.line);
    const into = open.length > 0 ? open[open.length - 1]!.children : top;

    if (name.toLowerCase() === '<ifversion') {
      const test = this.options.versionTest(rawArgs);
      if (test.kind === 'error') this.fail(line.line, test.message);
      if (test.value) into.push(...this.readTrueBody('<IfVersion'));
      else this.skipFalseBody('<IfVersion', line.line);
      return;
    }
    const conditional = CONDITIONALS.get(name.toLowerCase());
    if (conditional !== undefined) {
      into.push(...this.conditional(conditional.name, conditional.test, rawArgs, line.line));
      return;
    }
    const readTime = this.options.readTimeError(name);
    if (readTime !== null) this.fail(line.line, readTime);

    if (!name.startsWith('<')) {
      into.push({ kind: 'directive', name, args: splitWords(rawArgs), rawArgs, loc });
      return;
    }
    if (name[1] !== '/') {
      const section: SectionNode = {
        kind: 'section',
        name: name.slice(1),
        args: sectionHeaderWords(rawArgs),
        rawArgs,
        loc,
        children: [],
      };
      into.push(section);
      open.push(section);
      return;
    }
    const parent = open[open.length - 1];
    if (parent === undefined) this.fail(line.line, `${name} without matching <${name.slice(2)} section`);
    if (!name.endsWith('>')) this.fail(line.line, `${name}> directive missing closing '>'`);
    const closing = name.slice(2, -1);
    const expected = this.canonical(`<${parent.name}`).slice(1);
    if (closing.toLowerCase() !== expected.toLowerCase()) {
      this.fail(line.line, `Expected </${expected}> but saw </${closing}>`);
    }
    open.pop();
  }

  /** start_cond_section: evaluate the condition now; a true body is read in place. */
  private conditional(name: string, test: keyof ConditionTests, rawArgs: string, line: number): ConfigNode[] {
    const end = rawArgs.lastIndexOf('>');
    if (end < 0) this.fail(line, `${name}> directive missing closing '>'`);
    let arg = rawArgs.slice(0, end);
    const negated = arg.startsWith('!');
    if (negated) arg = arg.slice(1);
    const subject = getWord(arg).word;
    if (subject === '') this.fail(line, `${name}> directive requires additional arguments`);
    if (this.options.conditions[test](subject) !== negated) return this.readTrueBody(name);
    this.skipFalseBody(name, line);
    return [];
  }

  /**
   * ap_build_cont_config: read until a line that is exactly `</Name>` while no section opened
   * inside is still open. Reaching the end of the file here is not an error in Apache.
   */
  private readTrueBody(name: string): ConfigNode[] {
    const closing = `${name.slice(1)}>`.toLowerCase();
    const body: ConfigNode[] = [];
    const open: SectionNode[] = [];
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++]!;
      if (open.length === 0 && line.text.startsWith('</') && line.text.slice(2).toLowerCase() === closing) {
        return body;
      }
      this.buildLine(line, body, open);
    }
    return body;
  }

  /** ap_soak_end_container: skip a false body, following only `<X ...>` / `</X>` nesting. */
  private skipFalseBody(name: string, openedAt: number): void {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++]!;
      const first = getWord(line.text);
      const word = first.word;
      if (!word.startsWith('<')) continue;
      if (word[1] === '/') {
        const closing = word.slice(0, -1); // Apache drops the last character, whatever it is
        if (closing.slice(2).toLowerCase() !== name.slice(1).toLowerCase()) {
          this.fail(line.line, `Expected </${name.slice(1)}> but saw ${closing}>`);
        }
        return;
      }
      const nested = first.next >= line.text.length && word.endsWith('>') ? word.slice(0, -1) : word;
      this.skipFalseBody(nested, line.line);
    }
    this.fail(openedAt, `Expected </${name.slice(1)}> before end of configuration`);
  }

  private canonical(name: string): string {
    return this.options.canonicalName(name) ?? name;
  }

  private loc(line: number): SourceLoc {
    return { file: this.options.file, line };
  }

  private fail(line: number, message: string): never {
    throw new ConfigFault({ file: this.options.file, line, message });
  }
}
