import type { ContractError, EventName, EventPayload, MethodName, Request, Response } from '../../app/ipc/contract.js';
import type { Transport } from './transport.js';

export class HostCallError extends Error {
  constructor(public readonly error: ContractError) {
    super(error.message);
    this.name = 'HostCallError';
  }
}

/** A typed client built from the contract: the same renderer code runs on either host. */
export interface HostClient {
  kind: Transport['kind'];
  call<M extends MethodName>(method: M, payload: Request<M>): Promise<Response<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  stream: Transport['stream'];
  upload: Transport['upload'];
}

export function createClient(t: Transport): HostClient {
  return {
    kind: t.kind,
    async call(method, payload) {
      const r = await t.call(method, payload);
      if (!r.ok) throw new HostCallError(r.error);
      return r.value as never;
    },
    on: (event, listener) => t.on(event, listener as (p: unknown) => void),
    stream: t.stream,
    upload: t.upload,
  };
}
