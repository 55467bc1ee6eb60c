/**
 * Reads a header value the way a mail client does (RFC 2047): `=?charset?B|Q?…?=` encoded-words
 * decoded, white space between two of them dropped. Written apart from functions/mail/headers.ts so
 * the tests do not check the encoder with itself.
 */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  // White space between adjacent encoded-words is not part of the text.
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(word, (_, charset: string, encoding: string, text: string) => {
    if (charset.toUpperCase() !== 'UTF-8') throw new Error(`unexpected charset ${charset}`);
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  });
}
