// Reading a line (a password) from standard input: without echo on a terminal, with the
// terminal's editing keys handled, bounded in size. Used by `passwd` and `check`.
import { StringDecoder } from 'node:string_decoder';

const MAX_STDIN_BYTES = 64 * 1024;

export class LineInputError extends Error {
  constructor(
    readonly kind: 'interrupted' | 'too-long',
    message: string,
  ) {
    super(message);
    this.name = 'LineInputError';
  }
}

interface RawModeStream {
  setRawMode(mode: boolean): unknown;
}

const hasRawMode = (stream: NodeJS.ReadableStream): stream is NodeJS.ReadableStream & RawModeStream =>
  typeof (stream as Partial<RawModeStream>).setRawMode === 'function';

/**
 * Reads lines from a stream. In terminal mode, raw mode (when available) stops the echo, and
 * the terminal's editing keys are handled here: Enter (CR or LF) ends the line, Backspace/DEL
 * erases, Ctrl-U clears, Ctrl-C interrupts, Ctrl-D on an empty line is end of input.
 * readLine() resolves to null at end of input with nothing typed.
 */
export class LineInput {
  private readonly decoder = new StringDecoder('utf8');
  private buffered = '';
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private received = 0; // bytes, to bound what we buffer
  private readonly rawMode: boolean;
  private readonly onData = (chunk: Buffer | string): void => {
    this.received += chunk.length;
    this.buffered += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.received > MAX_STDIN_BYTES) this.fail(new LineInputError('too-long', 'input too long'));
    this.notify();
  };
  private readonly onEnd = (): void => {
    this.buffered += this.decoder.end();
    this.ended = true;
    this.notify();
  };
  private readonly onError = (err: Error): void => this.fail(err);

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly terminal: boolean,
  ) {
    this.rawMode = terminal && hasRawMode(stream);
    if (this.rawMode) (stream as unknown as RawModeStream).setRawMode(true);
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.resume();
  }

  async readLine(): Promise<string | null> {
    let line = '';
    let sawInput = false;
    let consumed = 0;
    for (;;) {
      if (this.failure) throw this.failure;
      while (consumed < this.buffered.length) {
        const ch = this.buffered[consumed++];
        sawInput = true;
        if (ch === '\n' || ch === '\r') {
          // A CR LF pair is one line ending.
          if (ch === '\r' && this.buffered[consumed] === '\n') consumed++;
          else if (ch === '\r' && consumed === this.buffered.length && !this.ended && !this.terminal) {
            consumed--; // wait: the LF may be in the next chunk
            break;
          }
          this.buffered = this.buffered.slice(consumed);
          return line;
        }
        if (this.terminal) {
          if (ch === '\x03') throw new LineInputError('interrupted', 'interrupted');
          if (ch === '\x04' && line === '') {
            this.buffered = this.buffered.slice(consumed);
            return null;
          }
          if (ch === '\x7f' || ch === '\b') {
            line = Array.from(line).slice(0, -1).join('');
            continue;
          }
          if (ch === '\x15') {
            line = '';
            continue;
          }
        }
        line += ch;
      }
      this.buffered = this.buffered.slice(consumed);
      consumed = 0;
      if (this.ended) return sawInput ? line : null;
      await new Promise<void>((wake) => (this.wake = wake));
    }
  }

  close(): void {
    this.stream.removeListener('data', this.onData);
    this.stream.removeListener('end', this.onEnd);
    this.stream.removeListener('error', this.onError);
    this.stream.pause();
    if (this.rawMode) (this.stream as unknown as RawModeStream).setRawMode(false);
  }

  private fail(err: Error): void {
    this.failure = err;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Prompt on `prompts` (stderr) and read one secret line; null at end of input. */
export async function readSecret(
  prompt: string,
  stdin: NodeJS.ReadableStream,
  prompts: NodeJS.WritableStream,
): Promise<string | null> {
  const terminal = Boolean((stdin as { isTTY?: boolean }).isTTY);
  const input = new LineInput(stdin, terminal);
  try {
    if (terminal) prompts.write(prompt);
    const line = await input.readLine();
    if (terminal) prompts.write('\n');
    return line;
  } finally {
    input.close();
  }
}
