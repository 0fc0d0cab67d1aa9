// `/files/<key>`: the local driver's signed routes. PUT stores an upload, GET serves a download;
// each needs a valid, unexpired signature for that key and method (issued by file-urls.ts after
// the workspace and role checks). An S3 deployment never routes bytes through here.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../core/errors.ts';
import { assertDeclaredSize } from '../../core/storage/byte-limit.ts';
import { verifyLocalSignature, type LocalUrlSigner } from '../../core/storage/local-url.ts';
import type { StorageDriver } from '../../core/storage/storage-driver.ts';
import { assertSegment, workspaceOfKey } from '../../core/storage/storage-key.ts';
import { assertContentMatchesName, downloadHeaders, sniff } from './file-content.ts';

export interface FilesRouterDeps {
  storage: StorageDriver;
  signer: LocalUrlSigner;
  maxBytes: number;
}

/** The key named by the path, each segment decoded once and checked; only workspace keys. */
function keyOf(req: Request): string {
  let segments: string[];
  try {
    segments = req.path.slice(1).split('/').map(decodeURIComponent);
  } catch {
    throw new AppError('BAD_USER_INPUT', 'The file path is not validly encoded.');
  }
  for (const segment of segments) assertSegment(segment, 'file path segment');
  const key = segments.join('/');
  if (!workspaceOfKey(key) || segments.length < 2) throw new AppError('NOT_FOUND', 'No such file.');
  return key;
}

function declaredLength(req: Request, signedSize: number | undefined): number {
  if (signedSize === undefined) throw new AppError('FORBIDDEN', 'The file link is not an upload link.');
  const header = req.get('content-length');
  if (header !== undefined && Number(header) !== signedSize) {
    throw new AppError('BAD_USER_INPUT', `The body is ${header} bytes but the upload was declared as ${signedSize}.`, {
      hint: 'Create a new upload with the file\'s real size.',
      details: { declared: signedSize, received: Number(header) },
    });
  }
  return signedSize;
}

export function filesRouter(deps: FilesRouterDeps): Router {
  const router = Router();
  const run = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

  router.put('/*path', run(async (req, res) => {
    const key = keyOf(req);
    const size = declaredLength(req, verifyLocalSignature(deps.signer, 'PUT', key, req.query));
    assertDeclaredSize(size, deps.maxBytes); // 413 before a byte is read
    const { contentType, body } = await sniff(req);
    assertContentMatchesName(key.slice(key.lastIndexOf('/') + 1), contentType);
    await deps.storage.put(key, body, { size, contentType });
    res.status(200).json({ key, size, contentType });
  }));

  router.get('/*path', run(async (req, res) => {
    const key = keyOf(req);
    verifyLocalSignature(deps.signer, 'GET', key, req.query);
    const head = await deps.storage.head(key);
    if (!head) throw new AppError('NOT_FOUND', 'No such file.');
    const { contentType, body } = await sniff(await deps.storage.get(key));
    res.status(200).set({ ...downloadHeaders(key.slice(key.lastIndexOf('/') + 1), contentType), 'content-length': String(head.size) });
    await pipeline(body, res);
  }));

  return router;
}
