// ap_expr's file tests (-d -e -f -s -L -h -x), as util_expr_eval's op_file_* do them: one stat of
// the path (lstat for -L/-h), any error reads as false.
//
// Why a synchronous stat is acceptable here: the evaluator is synchronous (it runs inside the
// <If> walk and Require expr), each file test costs exactly one stat of one path (no directory
// reads, no loops), and a request evaluates only the few tests its access files contain. A
// stat of a local path takes microseconds; precomputing is not possible in general because the
// argument is any string (e.g. `-f %{DOCUMENT_ROOT}/maintenance.html`).
import { lstatSync, statSync, type Stats } from 'node:fs';

export type FileTestOp = '-d' | '-e' | '-f' | '-s' | '-L' | '-h' | '-x';

export const FILE_TEST_OPS: ReadonlySet<string> = new Set(['-d', '-e', '-f', '-s', '-L', '-h', '-x']);

/** The file-test operators Apache has but htserve refuses, and why (they run sub-requests). */
export const SUBREQUEST_OPS: Readonly<Record<string, string>> = {
  '-F': "unary operator '-F' is not supported by htserve (it checks access through a sub-request)",
  '-U': "unary operator '-U' is not supported by htserve (it checks a URL through a sub-request)",
  '-A': "unary operator '-A' is not supported by htserve (it checks a URL through a sub-request)",
};

function statOf(file: string, follow: boolean): Stats | null {
  if (file === '') return null;
  // A relative name is looked up from the working directory, as apr_stat does in Apache.
  try {
    return follow ? statSync(file) : lstatSync(file);
  } catch {
    return null;
  }
}

export function fileTest(op: FileTestOp, file: string): boolean {
  if (op === '-L' || op === '-h') return statOf(file, false)?.isSymbolicLink() ?? false;
  const st = statOf(file, true);
  if (st === null) return false;
  switch (op) {
    case '-e':
      return true;
    case '-d':
      return st.isDirectory();
    case '-f':
      return st.isFile();
    case '-s':
      return st.isFile() && st.size > 0;
    // Any execute bit (user, group or other), as APR's protection bits are read.
    case '-x':
      return (st.mode & 0o111) !== 0;
  }
}
