/**
 * The request/reply layer over the worker's messages: `open` stamps a request with a fresh id and
 * returns a promise for the one reply that carries it; `settle` hands each reply to its request.
 * A reply nobody waits for any more (superseded by a newer request, or from a worker that was
 * replaced) is dropped. No Worker here: the client composes it, Node tests drive it directly.
 */
import { isReply, REPLY_TYPE, type FromWorker, type Reply, type RequestBody, type RequestType, type ToWorker } from './protocol';

export interface RequestOptions {
  /** Only the newest request of this type matters (the hover readout): older ones are never answered. */
  supersede?: boolean;
}

interface Pending {
  type: RequestType;
  resolve(reply: Reply): void;
}

export class RequestTable {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  /** The message to send for this request, and the promise of its reply. */
  open<K extends RequestType>(body: RequestBody<K> & { type: K }, opts: RequestOptions = {}): { msg: ToWorker; reply: Promise<Reply<K>> } {
    const type = body.type as K;
    if (opts.supersede) for (const [id, p] of this.pending) if (p.type === type) this.pending.delete(id);
    const id = ++this.nextId;
    const msg = { ...body, id } as ToWorker;
    const reply = new Promise<Reply<K>>((resolve) => {
      this.pending.set(id, { type, resolve: resolve as (r: Reply) => void });
    });
    return { msg, reply };
  }

  /** True when `msg` is a reply (handed to its request, or dropped as stale); false for everything else. */
  settle(msg: FromWorker): boolean {
    if (!isReply(msg)) return false;
    const p = this.pending.get(msg.id);
    if (p && REPLY_TYPE[p.type] === msg.type) {
      this.pending.delete(msg.id);
      p.resolve(msg);
    }
    return true;
  }

  /** Requests still waiting for a reply. */
  get size(): number {
    return this.pending.size;
  }

  /** The worker is gone: nothing in flight will be answered. */
  clear(): void {
    this.pending.clear();
  }
}
