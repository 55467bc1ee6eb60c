/**
 * Splits text into runs that one font face can draw. pdfkit does no font fallback: a character
 * the current font lacks is drawn as the missing-glyph box (.notdef). So every string is cut into
 * runs by which face actually has each character, asking the font's own character map rather
 * than guessing from Unicode blocks. Pure: no I/O.
 */

export interface CoveringFace {
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
}

export interface Run<F> {
  text: string;
  face: F;
}

/** Drawn in place of a character no face has (CJK, Arabic… are not among the dossier's fonts). */
export const MISSING_CHARACTER = '?';

/** Invisible characters (format and control) that no face has are left out rather than replaced. */
const INVISIBLE = /^[\p{Cf}\p{Cc}]$/u;

/** face index per code point, -1 when none; one table per list of faces. */
const coverage = new WeakMap<readonly CoveringFace[], Map<number, number>>();

function firstFaceWith(faces: readonly CoveringFace[], cp: number): number {
  let table = coverage.get(faces);
  if (!table) coverage.set(faces, (table = new Map()));
  let index = table.get(cp);
  if (index === undefined) {
    index = faces.findIndex((f) => f.font.hasGlyphForCodePoint(cp));
    table.set(cp, index);
  }
  return index;
}

/**
 * Runs of `text` (NFC-normalised first, so a letter and its accent are one code point when a
 * precomposed form exists). A run keeps its face while that face has the next character — spaces,
 * digits and punctuation stay with the word around them, and a combining mark stays with its
 * letter — and otherwise switches to the first face, in the given order, that has it.
 */
export function splitRuns<F extends CoveringFace>(text: string, faces: readonly F[]): Run<F>[] {
  const runs: Run<F>[] = [];
  let current: Run<F> | undefined;
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    let draw = ch;
    let face: F | undefined;
    if (current && current.face.font.hasGlyphForCodePoint(cp)) face = current.face;
    else {
      const index = firstFaceWith(faces, cp);
      if (index >= 0) face = faces[index];
      else if (INVISIBLE.test(ch)) continue;
      else {
        draw = MISSING_CHARACTER;
        const q = MISSING_CHARACTER.codePointAt(0)!;
        face = current?.face.font.hasGlyphForCodePoint(q) ? current.face : faces[firstFaceWith(faces, q)];
        if (!face) continue;
      }
    }
    if (current && current.face === face) current.text += draw;
    else runs.push((current = { text: draw, face: face! }));
  }
  return runs;
}
