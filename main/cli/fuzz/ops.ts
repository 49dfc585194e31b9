/**
 * A fuzz case is a seed's files plus a list of edits. Edits are plain data (so a failing case can be
 * shrunk by dropping edits and replayed), each with a sentence saying what it does.
 */
export type Files = Map<string, Uint8Array>;

export type Op =
  /** Replace `n` bytes at `at` by `b` (n = Infinity truncates; b empty deletes; n = 0 inserts). */
  | { k: 'splice'; f: string; at: number; n: number; b: Uint8Array; why: string }
  /** Delete a file of the set. */
  | { k: 'remove'; f: string; why: string }
  /** Write a whole file (new or replaced): re-encoded streams, renamed or copied files. */
  | { k: 'put'; f: string; b: Uint8Array; why: string };

export function splice(f: string, at: number, n: number, b: ArrayLike<number>, why: string): Op {
  return { k: 'splice', f, at, n, b: Uint8Array.from(b), why };
}

export function truncate(f: string, at: number, why: string): Op {
  return { k: 'splice', f, at, n: Infinity, b: new Uint8Array(0), why };
}

/** Applies ops in order to a copy of `files`. An edit of a file that is gone is skipped. */
export function applyOps(files: Files, ops: readonly Op[]): Files {
  const out: Files = new Map(files);
  for (const op of ops) applyOp(out, op);
  return out;
}

export function applyOp(files: Files, op: Op): void {
  if (op.k === 'remove') {
    files.delete(op.f);
    return;
  }
  if (op.k === 'put') {
    files.set(op.f, op.b);
    return;
  }
  const cur = files.get(op.f);
  if (!cur) return;
  const at = Math.min(Math.max(0, op.at), cur.length);
  const end = Math.min(cur.length, at + op.n);
  const next = new Uint8Array(at + op.b.length + (cur.length - end));
  next.set(cur.subarray(0, at), 0);
  next.set(op.b, at);
  next.set(cur.subarray(end), at + op.b.length);
  files.set(op.f, next);
}

/** Little- or big-endian bytes of an unsigned or two's complement integer of `width` bytes. */
export function intBytes(v: number | bigint, width: 1 | 2 | 4 | 8, le: boolean): number[] {
  let x = BigInt.asUintN(width * 8, BigInt(v));
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return le ? out : out.reverse();
}

export function floatBytes(v: number, width: 4 | 8, le: boolean): number[] {
  const dv = new DataView(new ArrayBuffer(width));
  if (width === 4) dv.setFloat32(0, v, le);
  else dv.setFloat64(0, v, le);
  return Array.from(new Uint8Array(dv.buffer));
}
