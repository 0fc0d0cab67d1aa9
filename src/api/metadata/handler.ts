// GraphQL over HTTP for /metadata: the static schema, parsed and validated once per document
// text, executed by graphql-js. Errors keep Twenty's `extensions.code`. A request with a token
// is authenticated before it runs; without one only login works (the rest say MISSING_TOKEN).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { execute, getOperationAST, GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../../core/errors.ts';
import { createDocumentCache } from '../graphql/document-cache.ts';
import { sizeLimitMessage } from '../graphql/operation-size.ts';
import { badUserInput, toResponseError } from '../graphql/response-errors.ts';
import { readGraphqlRequest } from './graphql-request.ts';
import type { MetadataApiDeps, MetadataContext } from './context.ts';
import { metadataSchema } from './schema.ts';


const GRAPHQL_RESPONSE = 'application/graphql-response+json';
/** Deep enough for objects → fields → relation → target object → fields → node → id. */
const MAX_DEPTH = 16;
const MAX_FIELDS = 2000;
const documents = createDocumentCache({ max: 500 });

function formatResult(result: ExecutionResult, onInternal: (error: unknown) => void): FormattedExecutionResult {
  if (!result.errors) return { data: result.data };
  const errors = result.errors.map((error) => toResponseError(error.originalError instanceof Error && !(error.originalError instanceof GraphQLError) ? error.originalError : error, error.path, onInternal));
  return { errors, ...(result.data !== undefined ? { data: result.data } : {}) };
}

/** Parse/validate errors, or the operation to run. */
function prepare(request: ReturnType<typeof readGraphqlRequest>, method: string) {
  const schema = metadataSchema();
  const prepared = documents.prepare(schema, request.query);
  if (!prepared.ok) return { errors: prepared.errors };
  const operation = getOperationAST(prepared.document, request.operationName ?? undefined);
  if (!operation) return { errors: [badUserInput(request.operationName ? `Unknown operation named "${request.operationName}".` : 'Give an operationName: the document has several operations.')] };
  if (operation.operation === 'subscription') return { errors: [badUserInput('Subscriptions are not supported; use a query or a mutation.')] };
  if (method === 'GET' && operation.operation === 'mutation') throw new AppError('METHOD_NOT_ALLOWED', 'Mutations must be sent with POST.');
  const tooBig = sizeLimitMessage(prepared.sizeOf(operation), { maxDepth: MAX_DEPTH, maxFields: MAX_FIELDS });
  if (tooBig) return { errors: [badUserInput(tooBig)] };
  return { schema, document: prepared.document };
}

function statusOf(result: FormattedExecutionResult, wantsGraphqlResponse: boolean): number {
  if (result.data === undefined && result.errors?.length) return wantsGraphqlResponse ? 400 : 200;
  // An operation that needs a caller, sent without a token, says so at the HTTP level too, so
  // clients re-authenticate; failed logins stay ordinary GraphQL errors.
  if (result.data === null && result.errors?.every((e) => e.extensions?.subCode === 'MISSING_TOKEN')) return 401;
  return 200;
}

function send(res: Response, req: Request, result: FormattedExecutionResult, status?: number): void {
  const wantsGraphqlResponse = (req.get('accept') ?? '').includes(GRAPHQL_RESPONSE);
  const code = status ?? statusOf(result, wantsGraphqlResponse);
  if (code === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  res.status(code).type(wantsGraphqlResponse ? GRAPHQL_RESPONSE : 'application/json').send(JSON.stringify(result));
}

export function metadataGraphqlRouter(deps: MetadataApiDeps): Router {
  const router = express.Router();
  const onInternal = (res: Response) => (error: unknown) => deps.log.error({ requestId: res.locals.requestId, err: error }, 'metadata graphql internal error');

  const handle = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = readGraphqlRequest(req);
      const prepared = prepare(request, req.method);
      if ('errors' in prepared) return send(res, req, { errors: prepared.errors as GraphQLFormattedError[] });
      // A request that sends a token is authenticated before anything runs, so a bad token is
      // a 401 even for an operation that needs none; without a token only login works.
      const caller = req.get('authorization') ? await deps.workspaceContext(req, res) : undefined;
      const contextValue: MetadataContext = {
        db: deps.db,
        appSecret: deps.appSecret,
        ip: req.ip ?? '',
        auth: caller?.auth,
        permissions: caller?.auth.permissions,
        files: deps.files,
        workspace: async () => {
          if (!caller) throw new AppError('UNAUTHENTICATED', 'This operation needs `Authorization: Bearer <token>`.', { details: { reason: 'MISSING_TOKEN' } });
          return { workspaceId: caller.auth.workspaceId, model: caller.model };
        },
      };
      const result = await execute({ schema: prepared.schema, document: prepared.document, variableValues: request.variables, operationName: request.operationName, contextValue });
      send(res, req, formatResult(result, onInternal(res)));
    } catch (thrown) {
      // Rendered by the server in this mount's GraphQL shape.
      if (thrown instanceof AppError && thrown.code === 'METHOD_NOT_ALLOWED') res.setHeader('Allow', 'POST');
      next(thrown);
    }
  };
  router.post('/', handle);
  router.get('/', handle);
  router.all('/', (req, res, next) => {
    res.setHeader('Allow', 'GET, POST');
    next(new AppError('METHOD_NOT_ALLOWED', `Use GET or POST for /metadata, not ${req.method}.`));
  });
  return router;
}
