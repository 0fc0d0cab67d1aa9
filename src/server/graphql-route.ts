// GraphQL over HTTP for /graphql (graphql-http semantics): POST with a JSON body or GET with
// query parameters (queries only); `application/graphql-response+json` when the client
// accepts it (then request errors are 400), `application/json` otherwise (always 200).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '../core/log.ts';
import type { Db } from '../core/db.ts';
import { AppError, isAppError } from '../core/errors.ts';
import { executeWorkspaceOperation, serializeResult } from '../api/graphql/execute.ts';
import type { GraphQLRequest } from '../api/graphql/prepare-operation.ts';
import type { AppLimits, WorkspaceContext } from './app.ts';
import { RETRY_AFTER_SECONDS } from '../api/error-response.ts';

export interface GraphqlRouteDeps {
  db: Db;
  log: Logger;
  limits: AppLimits;
  workspaceContext: (req: Request, res: Response) => Promise<WorkspaceContext>;
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

function parseVariables(raw: unknown): Record<string, unknown> | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string') {
    try {
      return parseVariables(JSON.parse(raw));
    } catch {
      throw new AppError('BAD_USER_INPUT', '"variables" is not valid JSON.');
    }
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AppError('BAD_USER_INPUT', '"variables" must be a JSON object.');
  return raw as Record<string, unknown>;
}

function readRequest(req: Request): GraphQLRequest {
  const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    throw new AppError('BAD_USER_INPUT', 'The request must be a JSON object with a "query" string.');
  }
  if (typeof source.query !== 'string' || source.query.trim() === '') throw new AppError('BAD_USER_INPUT', 'The request has no "query" string.');
  if (source.operationName !== undefined && source.operationName !== null && typeof source.operationName !== 'string') {
    throw new AppError('BAD_USER_INPUT', '"operationName" must be a string.');
  }
  return {
    query: source.query,
    variables: parseVariables(source.variables),
    operationName: (source.operationName as string | undefined) ?? null,
    readOnly: req.method === 'GET',
  };
}

export function graphqlHandler(deps: GraphqlRouteDeps): Router {
  const router = express.Router();
  const handle = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = readRequest(req);
      const { auth, model, permissions } = await deps.workspaceContext(req, res);
      const result: FormattedExecutionResult = await executeWorkspaceOperation(
        { db: deps.db, model, actor: auth.actor, permissions, limits: deps.limits, onInternalError: (error) => deps.log.error({ requestId: res.locals.requestId, err: error }, 'graphql internal error') },
        request,
        { rawJson: true },
      );
      const wantsGraphqlResponse = (req.get('accept') ?? '').includes(GRAPHQL_RESPONSE);
      const requestError = result.data === undefined && (result.errors?.length ?? 0) > 0;
      // "Retry later" must be tellable from a bug without reading the body (issue #12).
      const unavailable = result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') ?? false;
      if (wantsGraphqlResponse && unavailable) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(wantsGraphqlResponse ? (unavailable ? 503 : requestError ? 400 : 200) : 200);
      res.type(wantsGraphqlResponse ? GRAPHQL_RESPONSE : 'application/json');
      res.send(serializeResult(result));
    } catch (error) {
      if (isAppError(error) && error.code === 'METHOD_NOT_ALLOWED') res.setHeader('Allow', 'POST');
      next(error);
    }
  };
  router.post('/', handle);
  router.get('/', handle);
  router.all('/', (_req, res, next) => {
    res.setHeader('Allow', 'GET, POST');
    next(new AppError('METHOD_NOT_ALLOWED', 'Use GET or POST for /graphql.'));
  });
  return router;
}
