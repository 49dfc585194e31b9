import type { Convention } from '../../app/view/view-frame.js';

/*
 * The left/right convention is a person's habit, not a file's property (radiologists and neurologists
 * each keep theirs): it is remembered across files and sessions, like FSLeyes' and Slicer's settings.
 */
const KEY = 'voxelscope.view.convention';

/** Radiological unless neurological was chosen: the default of FSLeyes, 3D Slicer and ITK-SNAP. */
export function loadConvention(): Convention {
  try {
    return localStorage.getItem(KEY) === 'neurological' ? 'neurological' : 'radiological';
  } catch {
    return 'radiological';
  }
}

export function saveConvention(c: Convention): void {
  try {
    localStorage.setItem(KEY, c);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}
