// Compiling one access file in unit tests: a fixed path, every override allowed unless the test
// says otherwise, and a failed assertion naming the line when a compile meant to work does not.
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import type { AllowOverride, DirFragment, OverrideCategory } from '../../src/htaccess/types.js';

export const FILE = '/srv/www/d/.htaccess';

export const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

export function compile(text: string, allow: AllowOverride = ALL): DirFragment {
  const result = compileAccessFile(text, FILE, allow);
  if (result.kind === 'error') assert.fail(`unexpected error ${result.error.line}: ${result.error.message}`);
  return result.fragment;
}

/** The message of the error a compile meant to fail gives. */
export function compileError(text: string, allow: AllowOverride = ALL): string {
  const result = compileAccessFile(text, FILE, allow);
  assert.equal(result.kind, 'error', `expected an error for ${JSON.stringify(text)}`);
  return result.kind === 'error' ? result.error.message : '';
}
