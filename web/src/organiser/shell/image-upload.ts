/**
 * Uploading an image, shared by the campaign image (editor) and the organisation's logo (profile),
 * issue #17 items 5 and 4: three requests, an upload link (POST, the type and size signed into it),
 * the file PUT to it (on our own origin: the CDN passes `/uploads/*` to the private uploads bucket),
 * and attaching it (PUT), which resizes it, strips its metadata and publishes it. The caller shows
 * the outcome on its own fields.
 */
import type { ApiResult } from '../../app/api.ts';
import { is401, orgSend } from './common.ts';

export type UploadOutcome =
  /** Attached: the attach answer's body. */
  | { kind: 'attached'; body: unknown }
  /** Nothing to show: aborted, or the session ended (orgSend has sent the reader to sign in). */
  | { kind: 'quiet' }
  /** A 400 from the link or the attach request: its body names the fields. */
  | { kind: 'invalid'; body: unknown }
  /** Any other failure of a request (`res`), or of the PUT (no `res`). */
  | { kind: 'failed'; res?: ApiResult };

export async function uploadImage(
  file: File,
  paths: { link: string; attach: string },
  attachBody: (uploadId: string) => Record<string, unknown>,
  signal: AbortSignal,
): Promise<UploadOutcome> {
  const link = await orgSend('POST', paths.link, { contentType: file.type, size: file.size }, signal);
  if (link.kind === 'aborted' || is401(link)) return { kind: 'quiet' };
  if (!(link.kind === 'response' && link.ok)) return link.kind === 'response' && link.status === 400 ? { kind: 'invalid', body: link.body } : { kind: 'failed', res: link };
  const upload = link.body as { uploadId: string; url: string; headers: Record<string, string> };
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: file, signal, credentials: 'omit' }).catch(() => undefined);
  if (!put?.ok) return signal.aborted ? { kind: 'quiet' } : { kind: 'failed' };
  const attached = await orgSend('PUT', paths.attach, attachBody(upload.uploadId), signal);
  if (attached.kind === 'aborted' || is401(attached)) return { kind: 'quiet' };
  if (attached.kind === 'response' && attached.ok) return { kind: 'attached', body: attached.body };
  return attached.kind === 'response' && attached.status === 400 ? { kind: 'invalid', body: attached.body } : { kind: 'failed', res: attached };
}
