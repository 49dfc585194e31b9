import { describe, expect, it } from 'vitest';
import { getColormap } from '../../../app/lut/colormaps.js';
import { MATPLOTLIB_TABLES, MATPLOTLIB_VERSION } from '../../../app/lut/generated/matplotlib-tables.js';
import { havePython, runPythonJson } from '../npy/debian-python.js';

// The generated tables against the matplotlib installed with Debian's python, when there is one.
const hasMatplotlib = havePython('matplotlib', 'numpy');
if (!hasMatplotlib) console.log('matplotlib cross-check skipped: /usr/bin/python3 cannot import matplotlib and numpy (python3-matplotlib)');

const SCRIPT = `
import json, sys, matplotlib, numpy as np
names = json.loads(sys.argv[1])
out = {n: matplotlib.colormaps[n](np.linspace(0, 1, 256), bytes=True)[:, :3].astype(np.uint8).tobytes().hex() for n in names}
print(json.dumps({'version': matplotlib.__version__, 'tables': out}))
`;

describe.skipIf(!hasMatplotlib)('matplotlib cross-check', () => {
  it("every generated table equals matplotlib's cmap(linspace(0, 1, 256), bytes=True)", () => {
    const names = MATPLOTLIB_TABLES.map((m) => m.name);
    const got = runPythonJson(SCRIPT, [JSON.stringify(names)]) as { version: string; tables: Record<string, string> };
    if (got.version !== MATPLOTLIB_VERSION) console.log(`tables generated from matplotlib ${MATPLOTLIB_VERSION}, checking against ${got.version}`);
    for (const name of names) {
      const table = getColormap(name)!.table;
      const hex = Array.from(table, (b) => b.toString(16).padStart(2, '0')).join('');
      expect(hex, name).toBe(got.tables[name]);
    }
  });
});
