import type { ModuloAxis } from '../../model/volume.js';
import { childrenNamed, findAll, type XmlElement } from './xml.js';

/*
 * OME's 6D/7D/8D storage: a sub-axis folded into Z, C or T, declared by an XMLAnnotation in the
 * namespace openmicroscopy.org/omero/dimension/modulo holding <Modulo><ModuloAlongC Type="lifetime"
 * Unit="ps" Start="0" Step="250" End="3750"/></Modulo> (or <Label> children instead of a range). The
 * modulo index runs fastest within its parent axis (Bio-Formats: parent index = c / length, sub-index
 * = c % length). Types are OME's: angle, phase, tile, lifetime, lambda, other (with TypeDescription).
 */

const NAMESPACE = 'openmicroscopy.org/omero/dimension/modulo';

function num(v: string | undefined, dflt: number): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : dflt;
}

function parseAlong(el: XmlElement, along: ModuloAxis['along']): ModuloAxis | null {
  const a = el.attrs;
  const labels = childrenNamed(el, 'Label').map((l) => l.text.trim());
  const start = num(a.Start, 0);
  const step = num(a.Step, 1);
  const end = num(a.End, start);
  // Bio-Formats' Modulo.length(): the labels if any, else rint((end - start) / step) + 1, at least 1.
  const length = labels.length ? labels.length : step !== 0 ? Math.max(1, Math.round((end - start) / step) + 1) : 1;
  if (!Number.isFinite(length) || length < 1 || length > 1 << 20) return null;
  return {
    along, type: (a.Type ?? 'other').trim().toLowerCase() || 'other', typeDescription: (a.TypeDescription ?? '').trim(),
    unit: (a.Unit ?? '').trim(), start, step, length, labels: labels.length ? labels : null,
  };
}

/**
 * The modulo axes of one OME Image: from the modulo annotations it references; an OME file with a single
 * Image and modulo annotations that no image references gets those (some writers leave out the ref).
 */
export function parseModulo(doc: XmlElement, image: XmlElement, imageCount: number): ModuloAxis[] {
  const annotations = findAll(doc, 'XMLAnnotation').filter((x) => (x.attrs.Namespace ?? '').includes(NAMESPACE));
  if (!annotations.length) return [];
  const refs = new Set(childrenNamed(image, 'AnnotationRef').map((r) => r.attrs.ID));
  let mine = annotations.filter((x) => refs.has(x.attrs.ID));
  if (!mine.length && imageCount === 1) {
    const referenced = new Set(findAll(doc, 'AnnotationRef').map((r) => r.attrs.ID));
    mine = annotations.filter((x) => !referenced.has(x.attrs.ID));
  }
  const out: ModuloAxis[] = [];
  for (const x of mine) {
    for (const [tag, along] of [['ModuloAlongZ', 'z'], ['ModuloAlongC', 'c'], ['ModuloAlongT', 't']] as const) {
      for (const el of findAll(x, tag)) {
        const m = parseAlong(el, along);
        if (m && !out.some((o) => o.along === along)) out.push(m);
      }
    }
  }
  return out;
}

/** What one step of the axis is called: 'lifetime bin', 'angle', 'phase', 'tile', 'wavelength bin', or the description. */
export function moduloNoun(m: Pick<ModuloAxis, 'type' | 'typeDescription'>): string {
  switch (m.type) {
    case 'lifetime': return 'lifetime bin';
    case 'lambda': return 'wavelength bin';
    case 'angle': case 'phase': case 'tile': return m.type;
    default: return m.typeDescription || 'modulo index';
  }
}

/** The value of sub-index i: its label, or start + i * step with the unit ('250 ps'). */
export function moduloValue(m: ModuloAxis, i: number): string {
  if (m.labels) return m.labels[i] ?? '';
  const v = +(m.start + i * m.step).toPrecision(6);
  return m.unit ? `${v} ${m.unit}` : String(v);
}
