/**
 * The poster's QR code, loaded only when a reader asks for it (its own chunk: uqr is not in the
 * public page's first download). Drawn with DOM calls as one SVG path (no `style=`: the CSP forbids
 * inline style), and as a PNG on a canvas; both offered as `blob:` downloads of our own origin.
 */
import { encode } from 'uqr';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Quiet zone, in modules: the four the QR standard asks for, so a scanner finds it on any poster. */
const BORDER = 4;
/** Pixels per module in the PNG: large enough to print sharply on an A4 poster. */
const PNG_SCALE = 16;

export interface PosterQr {
  svg: SVGSVGElement;
  svgBlob: Blob;
  pngBlob(): Promise<Blob>;
}

/** Dark modules as one path, `M x y h1 v1 h-1 z` each, in a viewBox of whole modules. */
function modulesPath(data: boolean[][]): string {
  let d = '';
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return d;
}

export function makePosterQr(url: string, label: string): PosterQr {
  // M: a poster may be scuffed or photographed at an angle; the address is short enough to stay small.
  const qr = encode(url, { ecc: 'M', border: BORDER });
  const size = qr.size;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('width', String(size * 8));
  svg.setAttribute('height', String(size * 8));
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'share-qr-image');
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = label;
  // Always dark on white, whatever the page's colour scheme: scanners need the contrast.
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#ffffff');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', modulesPath(qr.data));
  path.setAttribute('fill', '#000000');
  svg.append(title, background, path);

  const svgText = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
  const svgBlob = new Blob([svgText], { type: 'image/svg+xml' });

  const pngBlob = (): Promise<Blob> =>
    new Promise((resolve, reject) => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size * PNG_SCALE;
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no 2d canvas'));
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = '#000000';
      qr.data.forEach((row, y) =>
        row.forEach((dark, x) => {
          if (dark) ctx.fillRect(x * PNG_SCALE, y * PNG_SCALE, PNG_SCALE, PNG_SCALE);
        }),
      );
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png');
    });

  return { svg, svgBlob, pngBlob };
}
