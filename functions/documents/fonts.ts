/**
 * The fonts of the delivery dossier. Noto Sans comes from fontsource split by Unicode range
 * (latin, latin-ext, cyrillic…, one file each) and Armenian and Georgian are separate families,
 * so a dossier needs several font files per weight and picks one per character (script-runs.ts).
 *
 * In Lambda the bundle carries the files next to this module in ./fonts/ (the CDK bundling hook
 * copies DOSSIER_FONT_FILES there); locally and in tests they come from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export type FontStyle = 'regular' | 'bold' | 'italic';

export interface FontFace {
  /** Unique name the PDF document registers the face under, e.g. 'bold-cyrillic'. */
  key: string;
  style: FontStyle;
  subset: string;
  font: fontkit.Font;
}

/** Faces per style, in the order a character tries them (see script-runs.ts). */
export type DossierFonts = Record<FontStyle, readonly FontFace[]>;

interface Family {
  pkg: string;
  prefix: string;
  subsets: string[];
  italic: boolean;
}

// .woff rather than .woff2: fontkit reads both, but WOFF2 needs a Brotli decoder written in
// JavaScript that takes ~5–25 ms per file; WOFF inflates with zlib and parses lazily.
// Order matters: a character takes the first face that has it, and a run stays in its face as
// long as that face has the next character, so common characters (space, digits, punctuation)
// do not break a word into pieces.
const FAMILIES: Family[] = [
  {
    pkg: '@fontsource/noto-sans',
    prefix: 'noto-sans',
    subsets: ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext', 'greek'],
    italic: true,
  },
  { pkg: '@fontsource/noto-sans-armenian', prefix: 'noto-sans-armenian', subsets: ['armenian'], italic: false },
  { pkg: '@fontsource/noto-sans-georgian', prefix: 'noto-sans-georgian', subsets: ['georgian'], italic: false },
];

const WEIGHT: Record<FontStyle, string> = { regular: '400-normal', bold: '700-normal', italic: '400-italic' };

interface FaceSpec {
  key: string;
  style: FontStyle;
  subset: string;
  file: string;
}

function specsFor(style: FontStyle): FaceSpec[] {
  const specs: FaceSpec[] = [];
  for (const family of FAMILIES) {
    // Armenian and Georgian have no italic: italic text in those scripts falls back to upright.
    const weight = style === 'italic' && !family.italic ? WEIGHT.regular : WEIGHT[style];
    for (const subset of family.subsets) {
      specs.push({
        key: `${style}-${subset}`,
        style,
        subset,
        file: `${family.pkg}/files/${family.prefix}-${subset}-${weight}.woff`,
      });
    }
  }
  return specs;
}

const SPECS: Record<FontStyle, FaceSpec[]> = {
  regular: specsFor('regular'),
  bold: specsFor('bold'),
  italic: specsFor('italic'),
};

/** Every font file a dossier may use, as package-relative specifiers (for the Lambda bundle). */
export const DOSSIER_FONT_FILES: string[] = [
  ...new Set(Object.values(SPECS).flatMap((list) => list.map((s) => s.file))),
];

// Not named `require`: the Lambda bundle's banner declares that name at the top of the file.
const nodeRequire = createRequire(import.meta.url);

async function readFontFile(specifier: string): Promise<Uint8Array> {
  const basename = specifier.slice(specifier.lastIndexOf('/') + 1);
  try {
    return await readFile(new URL(`./fonts/${basename}`, import.meta.url));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return readFile(nodeRequire.resolve(specifier));
  }
}

let loading: Promise<DossierFonts> | undefined;

/** Reads and parses the fonts once per process; every dossier shares the parsed faces. */
export function loadDossierFonts(): Promise<DossierFonts> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // a failed read is retried by the next dossier rather than cached
    throw err;
  });
  return loading;
}

async function load(): Promise<DossierFonts> {
  const parsed = new Map<string, fontkit.Font>();
  await Promise.all(
    DOSSIER_FONT_FILES.map(async (file) => {
      parsed.set(file, fontkit.create(await readFontFile(file)));
    }),
  );
  const faces = (style: FontStyle): FontFace[] =>
    SPECS[style].map((s) => ({ key: s.key, style: s.style, subset: s.subset, font: parsed.get(s.file)! }));
  return { regular: faces('regular'), bold: faces('bold'), italic: faces('italic') };
}
