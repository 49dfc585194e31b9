import { randomBytes } from 'node:crypto';
import type { EventName, EventPayload } from '../../app/ipc/contract.js';

/**
 * One client of a host: a page load in the browser host (identified by the id its event stream hands
 * out), the window's current page in Electron. Volumes and dropped files belong to the session that
 * opened them; another session cannot see them, and they are released when their session ends.
 */
export interface ClientSession {
  readonly id: string;
  /** Sends an event to this client only. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export function newSessionId(): string {
  return 's' + randomBytes(16).toString('hex');
}

interface Entry {
  session: ClientSession;
  /** Connections that currently carry this session's events (an event stream, a window). */
  links: number;
  /** Pending end after the last link went away. */
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * The live sessions of a host. A session lives while something links it to its client (the browser's
 * event stream is its heartbeat); once the last link has gone for `graceMs` (a page reload, a closed
 * tab, a lost connection that did not come back), it ends and `onEnd` releases what it owned.
 */
export class SessionRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onEnd: (s: ClientSession) => void, private readonly graceMs = 3000) {}

  get(id: string | null | undefined): ClientSession | undefined {
    return id ? this.entries.get(id)?.session : undefined;
  }

  /** Starts a session, linked once; `emitFor` makes its event sender from its id. */
  start(emitFor: (id: string) => ClientSession['emit'], id = newSessionId()): ClientSession {
    const session: ClientSession = { id, emit: emitFor(id) };
    this.entries.set(id, { session, links: 1, timer: null });
    return session;
  }

  /** Links an existing session again (the event stream reconnected in time); false if it has ended. */
  relink(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    e.links++;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    return true;
  }

  /** One link went away; the session ends `graceMs` after its last one unless it is linked again. */
  unlink(id: string): void {
    const e = this.entries.get(id);
    if (!e || --e.links > 0) return;
    e.timer = setTimeout(() => this.end(id), this.graceMs);
    e.timer.unref?.();
  }

  /** Ends a session now. */
  end(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(id);
    this.onEnd(e.session);
  }

  endAll(): void {
    for (const id of [...this.entries.keys()]) this.end(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
