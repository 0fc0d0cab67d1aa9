// What a file is, from its bytes (file-type), never from what the client says: the type a
// download is served with, whether a browser may show it inline, and whether the bytes match
// the name's extension (HTML renamed to photo.png is refused).
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../core/errors.ts';

// file-type's default sample size: enough for every format it knows.
const SAMPLE_BYTES = 4100;

// Formats a browser renders without running code; everything else downloads as an attachment
// (HTML, SVG and XML above all: they can carry scripts).
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp|x-icon)|application\/pdf|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

// Extensions whose bytes file-type recognises: a file named so must really be that format.
const BINARY_EXTENSIONS: Record<string, string[]> = {
  png: ['image/png'], jpg: ['image/jpeg'], jpeg: ['image/jpeg'], gif: ['image/gif'], webp: ['image/webp'],
  avif: ['image/avif'], bmp: ['image/bmp'], ico: ['image/x-icon'], pdf: ['application/pdf'],
  zip: ['application/zip'], gz: ['application/gzip'], mp3: ['audio/mpeg'], mp4: ['video/mp4'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/zip'],
};

export interface SniffedStream {
  /** The detected MIME type, or application/octet-stream when the bytes say nothing. */
  contentType: string;
  body: Readable;
}

/** Reads the first bytes to detect the type; the returned stream still carries every byte. */
export async function sniff(body: Readable): Promise<SniffedStream> {
  const chunks = body[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  while (length < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(chunk);
    length += chunk.length;
  }
  const sample = Buffer.concat(head);
  const type = await fileTypeFromBuffer(sample);
  async function* everything(): AsyncGenerator<Buffer> {
    if (sample.length > 0) yield sample;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  return { contentType: type?.mime ?? 'application/octet-stream', body: Readable.from(everything(), { objectMode: false }) };
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** Refuses bytes that are not the format the file's name promises. */
export function assertContentMatchesName(filename: string, contentType: string): void {
  const expected = BINARY_EXTENSIONS[extensionOf(filename)];
  if (!expected || expected.includes(contentType)) return;
  throw new AppError('FILE_TYPE_MISMATCH', `The content of "${filename}" is not ${expected[0]} (its bytes look like ${contentType}).`, {
    hint: 'Upload the file with its real extension.',
    details: { filename, expected: expected[0], detected: contentType },
  });
}

/** The headers a download is served with: nothing a browser could run is shown inline. */
export function downloadHeaders(filename: string, contentType: string): Record<string, string> {
  const disposition = INLINE.test(contentType) ? 'inline' : 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'content-type': contentType,
    'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=300',
  };
}
