// What every /rest/metadata route is built with: the caller's workspace, the flag checks, the
// route wrapper (status on success; errors to the mount's REST renderer), the one list envelope
// with Twenty's paging parameters, and the id path parameter.
import type { NextFunction, Request, Response, Router } from 'express';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/db.ts';
import { isUuid } from '../../core/uuid.ts';
import type { RequestAuth } from '../../auth/authenticate.ts';
import { requireFlag, type PermissionFlag } from '../../auth/permissions.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { didYouMeanSuffix } from '../../metadata/suggest.ts';
import { metadataListEnvelope } from '../rest/envelope.ts';
import { paginate, type CursorPaging } from './connection.ts';
import type { MetadataApiDeps } from './context.ts';

const LIST_PARAMS = ['limit', 'starting_after', 'ending_before'];

function pagingFrom(query: Request['query']): CursorPaging {
  for (const key of Object.keys(query)) {
    if (!LIST_PARAMS.includes(key)) throw new AppError('INVALID_QUERY_INPUT', `Unknown query parameter "${key}".${didYouMeanSuffix(key, LIST_PARAMS)}`, { hint: `Parameters: ${LIST_PARAMS.join(', ')}.` });
  }
  const single = (key: string): string | undefined => {
    const value = query[key];
    if (value !== undefined && typeof value !== 'string') throw new AppError('INVALID_QUERY_INPUT', `"${key}" must be given once.`);
    return value;
  };
  const limitText = single('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new AppError('INVALID_QUERY_INPUT', `"limit" must be a whole number of 0 or more; got "${limitText}".`);
  const before = single('ending_before');
  return before ? { last: limit, before } : { first: limit, after: single('starting_after') };
}

type Handler = (req: Request, res: Response) => Promise<unknown>;

export interface RestKit {
  db: Db;
  /** The caller's workspace model and authentication. */
  workspace: (req: Request, res: Response) => Promise<{ auth: RequestAuth; model: WorkspaceModel }>;
  /** The caller's workspace id, after checking `flag`. */
  guarded: (flag: PermissionFlag) => (req: Request, res: Response) => Promise<string>;
  route: (status: number, handler: Handler) => (req: Request, res: Response, next: NextFunction) => Promise<void>;
  /** A list route: paging checked first, then the items, in the one metadata page envelope. */
  list: (items: (req: Request, res: Response) => Promise<unknown[]>) => (req: Request, res: Response, next: NextFunction) => Promise<void>;
  idParam: (req: Request) => string;
  /** 405 with `Allow` for the other methods on `path`. */
  allow: (router: Router, path: string, methods: string) => void;
}

export function restKit(deps: Pick<MetadataApiDeps, 'db' | 'workspaceContext'>): RestKit {
  const workspace = async (req: Request, res: Response) => {
    const { auth, model } = await deps.workspaceContext(req, res);
    return { auth, model };
  };
  // Errors go to next(): the server renders them in the REST shape of this mount.
  const route = (status: number, handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await handler(req, res);
      res.status(status).json(body);
    } catch (thrown) {
      next(thrown);
    }
  };
  return {
    db: deps.db,
    workspace,
    guarded: (flag) => async (req, res) => {
      const { auth } = await workspace(req, res);
      requireFlag(auth.permissions, flag);
      return auth.workspaceId;
    },
    route,
    list: (items) => route(200, async (req, res) => {
      const paging = pagingFrom(req.query);
      return metadataListEnvelope(paginate(await items(req, res), paging));
    }),
    idParam: (req) => {
      const id = String(req.params.id);
      if (!isUuid(id)) throw new AppError('BAD_USER_INPUT', `'${id}' is not a valid UUID.`);
      return id;
    },
    allow: (router, path, methods) => {
      router.all(path, route(405, async (req, res) => {
        res.setHeader('Allow', methods);
        throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on /rest/metadata${req.path}; use ${methods}.`);
      }));
    },
  };
}
