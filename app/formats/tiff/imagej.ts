/** ImageJ hyperstack metadata: the "ImageJ=..." ImageDescription and the IJMetadata (50838/50839) blocks. */

export type IJValue = string | number | boolean;

/** key=value lines; numbers and booleans converted; `\uXXXX` escapes (ImageJ writes µ as \u00B5) decoded. */
export function parseImageJDescription(desc: string): Record<string, IJValue> {
  const out: Record<string, IJValue> = {};
  for (const line of desc.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const raw = line.slice(eq + 1).trim().replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (raw === 'true' || raw === 'false') out[key] = raw === 'true';
    else if (raw !== '' && key !== 'ImageJ' && Number.isFinite(Number(raw))) out[key] = Number(raw);
    else out[key] = raw;
  }
  return out;
}

export function isImageJDescription(desc: string | null): boolean {
  return !!desc && desc.startsWith('ImageJ=');
}

export interface IJMetadata {
  info: string | null;
  labels: string[];
  /** min, max per channel. */
  ranges: [number, number][];
  /** 768 bytes per LUT: 256 red, 256 green, 256 blue. */
  luts: Uint8Array[];
}

const TYPES: Record<number, string> = {
  0x696e666f: 'info', 0x6c61626c: 'labl', 0x72616e67: 'rang', 0x6c757473: 'luts',
  0x706c6f74: 'plot', 0x726f6920: 'roi ', 0x6f766572: 'over', 0x70726f70: 'prop',
};

/** Parses the IJMetadata blob; returns null when it is malformed (never throws). */
export function parseIJMetadata(data: Uint8Array, byteCounts: number[]): IJMetadata | null {
  try {
    if (byteCounts.length < 1 || data.length < byteCounts[0] || byteCounts[0] < 4) return null;
    const magic = String.fromCharCode(data[0], data[1], data[2], data[3]);
    if (magic !== 'IJIJ' && magic !== 'JIJI') return null;
    const le = magic === 'JIJI';
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out: IJMetadata = { info: null, labels: [], ranges: [], luts: [] };
    let pos = byteCounts[0];
    let item = 1;
    for (let h = 4; h + 8 <= byteCounts[0]; h += 8) {
      const type = TYPES[dv.getUint32(h, le)];
      const count = dv.getUint32(h + 4, le);
      for (let k = 0; k < count && item < byteCounts.length; k++, item++) {
        const len = byteCounts[item];
        if (pos + len > data.length) return out;
        const at = pos;
        pos += len;
        if (type === 'info' || type === 'labl') {
          let s = '';
          for (let i = 0; i + 1 < len; i += 2) s += String.fromCharCode(dv.getUint16(at + i, le));
          if (type === 'info') out.info = s; else out.labels.push(s);
        } else if (type === 'rang') {
          for (let i = 0; i + 16 <= len; i += 16) out.ranges.push([dv.getFloat64(at + i, le), dv.getFloat64(at + i + 8, le)]);
        } else if (type === 'luts' && len >= 768) {
          out.luts.push(data.slice(at, at + 768));
        }
      }
    }
    return out;
  } catch {
    return null;
  }
}

/** ImageJ LUT (planar r[256], g[256], b[256]) -> flattened r,g,b triples as ChannelInfo.lut wants. */
export function lutToTriples(lut: Uint8Array): number[] {
  const out = new Array<number>(768);
  for (let i = 0; i < 256; i++) {
    out[3 * i] = lut[i];
    out[3 * i + 1] = lut[256 + i];
    out[3 * i + 2] = lut[512 + i];
  }
  return out;
}
