// The cluster primary's side of shared attempt limits: one MemoryAttemptLimits for every worker.
// Workers ask before hashing (begin) and report the result (finish); every change of a pair is
// pushed to all workers, which answer lockouts and remembered sign-ins from that mirror.
import type { Worker } from 'node:cluster';
import {
  attemptClientKey,
  MemoryAttemptLimits,
  type AttemptLimitSettings,
  type MemoryTicket,
} from './attempt-limits.js';
import { isAttemptAsk, type AttemptAnswer, type AttemptAsk, type AttemptState } from './attempt-cluster-messages.js';

interface HeldTicket {
  ticket: MemoryTicket;
  client: string;
  realm: string;
}

export class AttemptTableHost {
  private readonly table: MemoryAttemptLimits;
  /** Checks in flight, by worker: a worker that dies has its checks ended as unknown. */
  private readonly tickets = new Map<Worker, Map<number, HeldTicket>>();
  private nextTicket = 1;

  constructor(
    settings: AttemptLimitSettings,
    private readonly workers: () => Iterable<Worker>,
  ) {
    this.table = new MemoryAttemptLimits(settings);
  }

  /** Wire a newly forked worker. */
  attach(w: Worker): void {
    this.tickets.set(w, new Map());
    w.on('message', (m: unknown) => {
      if (isAttemptAsk(m)) this.answer(w, m);
    });
    w.once('exit', () => {
      for (const held of this.tickets.get(w)?.values() ?? []) held.ticket.finish('unknown');
      this.tickets.delete(w);
    });
  }

  private answer(w: Worker, m: AttemptAsk): void {
    const mine = this.tickets.get(w);
    if (!mine) return;
    if (m.op === 'begin') {
      const start = this.table.beginGuess(m.client, m.realm, m.digest);
      if (start.kind === 'refused') {
        this.reply(w, { htserve: 'attempt-reply', id: m.id, go: false, refusal: start.refusal });
        return;
      }
      const ticket = this.nextTicket++;
      mine.set(ticket, { ticket: start.ticket, client: m.client, realm: m.realm });
      this.reply(w, { htserve: 'attempt-reply', id: m.id, go: true, ticket });
    } else if (m.op === 'finish') {
      const held = mine.get(m.ticket);
      mine.delete(m.ticket);
      const started = held ? held.ticket.finish(m.result) : null;
      this.reply(w, { htserve: 'attempt-reply', id: m.id, started });
      if (held && m.result !== 'unknown') this.push(held.client, held.realm);
    } else {
      this.table.rememberedSignIn(m.client, m.realm);
      this.push(m.client, m.realm);
    }
  }

  /** Every worker learns the pair's new state (a failure counted, a lockout, a reset). */
  private push(client: string, realm: string): void {
    const { failures, lockedForMs } = this.table.state(client, realm);
    const state: AttemptState = {
      htserve: 'attempt-state',
      key: `${attemptClientKey(client)}\0${realm}`,
      failures,
      lockedForMs,
    };
    for (const w of this.workers()) if (w.isConnected()) w.send(state);
  }

  private reply(w: Worker, answer: AttemptAnswer): void {
    if (w.isConnected()) w.send(answer);
  }
}
