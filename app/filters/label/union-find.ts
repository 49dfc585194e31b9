/*
 * Union-find over provisional labels 1..n whose root is always the smallest label of its set: labels
 * are handed out in raster order, so a component's root is its first run, and numbering the roots in
 * order numbers the components by their first voxel, as scipy.ndimage.label does.
 */
export class MinUnionFind {
  parent: Int32Array;
  size = 0;

  constructor(
    /** The most labels there can be (the array grows up to it, never past). */
    private readonly limit: number,
    initial = 1024,
  ) {
    this.parent = new Int32Array(Math.min(limit, initial) + 1);
  }

  /** A new singleton label. */
  add(): number {
    const l = ++this.size;
    if (l >= this.parent.length) {
      if (l > this.limit) throw new Error(`label: more than ${this.limit} provisional labels`);
      const grown = new Int32Array(Math.min(this.limit, 2 * this.parent.length) + 1);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[l] = l;
    return l;
  }

  find(l: number): number {
    const p = this.parent;
    while (p[l] !== l) {
      p[l] = p[p[l]]; // path halving
      l = p[l];
    }
    return l;
  }

  /** Joins the sets of a and b; returns the root (the smaller of the two roots). */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }

  /**
   * Final labels 1..count in the order of the roots: afterwards parent[l] is l's final label (0 stays
   * 0). Every parent is smaller than its child, so one ascending pass suffices.
   */
  resolve(): number {
    const p = this.parent;
    let count = 0;
    p[0] = 0;
    for (let l = 1; l <= this.size; l++) p[l] = p[l] === l ? ++count : p[p[l]];
    return count;
  }
}
