// Size checks that hold while bytes stream: the declared size is refused before anything is read
// when it is over the limit, and the body is cut off as soon as it exceeds what was declared.
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.ts';

export function assertDeclaredSize(size: number, maxBytes: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new AppError('BAD_USER_INPUT', `The file size ${size} is not a whole number of bytes.`);
  }
  if (size === 0) throw new AppError('BAD_USER_INPUT', 'The file is empty (0 bytes).', { hint: 'Upload a file with content.' });
  if (size > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is ${size} bytes; the largest allowed is ${maxBytes}.`, {
      hint: 'Raise STORAGE_MAX_FILE_SIZE_BYTES or upload a smaller file.',
      details: { size, maxBytes },
    });
  }
}

/** A pass-through that fails unless exactly `size` bytes go through it. */
export function exactSize(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > size) {
        callback(new AppError('BAD_USER_INPUT', `The body is longer than the declared ${size} bytes.`, { details: { size } }));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (seen !== size) {
        callback(new AppError('BAD_USER_INPUT', `The body has ${seen} bytes, not the declared ${size}.`, { details: { size, received: seen } }));
        return;
      }
      callback();
    },
  });
}
