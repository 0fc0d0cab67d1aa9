// /rest/metadata/objects[/:id] and /rest/metadata/fields[/:id]: the data model in Twenty 2.x's
// REST shapes, through the same operations as /metadata. Writing needs DATA_MODEL.
import type { Request, Response, Router } from 'express';
import type { RestKit } from '../rest-kit.ts';
import { allFields, fieldById, objectById, type FieldRef, type ObjectRef } from './lookup.ts';
import { createField, createObject, deleteField, deleteObject, updateField, updateObject, type MetadataTarget } from './operations.ts';
import { restField, restObject } from './shape.ts';

const objectBody = (ref: ObjectRef) => restObject(ref.model, ref.object);
const fieldBody = (ref: FieldRef) => restField(ref.model, ref.object, ref.field);

export function dataModelRoutes(router: Router, kit: RestKit): void {
  const { route, list, idParam } = kit;
  const model = async (req: Request, res: Response) => (await kit.workspace(req, res)).model;
  const writable = async (req: Request, res: Response): Promise<MetadataTarget> => ({ db: kit.db, workspaceId: await kit.guarded('DATA_MODEL')(req, res) });

  router.get('/objects', list(async (req, res) => {
    const current = await model(req, res);
    return current.objects.map((object) => restObject(current, object));
  }));
  router.get('/objects/:id', route(200, async (req, res) => objectBody(objectById(await model(req, res), idParam(req)))));
  router.post('/objects', route(201, async (req, res) => objectBody(await createObject(await writable(req, res), req.body))));
  router.patch('/objects/:id', route(200, async (req, res) => objectBody(await updateObject(await writable(req, res), idParam(req), req.body))));
  router.delete('/objects/:id', route(200, async (req, res) => objectBody(await deleteObject(await writable(req, res), idParam(req)))));

  router.get('/fields', list(async (req, res) => allFields(await model(req, res)).map(fieldBody)));
  router.get('/fields/:id', route(200, async (req, res) => fieldBody(fieldById(await model(req, res), idParam(req)))));
  router.post('/fields', route(201, async (req, res) => fieldBody(await createField(await writable(req, res), req.body))));
  router.patch('/fields/:id', route(200, async (req, res) => fieldBody(await updateField(await writable(req, res), idParam(req), req.body))));
  router.delete('/fields/:id', route(200, async (req, res) => fieldBody(await deleteField(await writable(req, res), idParam(req)))));

  kit.allow(router, '/objects', 'GET, POST');
  kit.allow(router, '/fields', 'GET, POST');
  kit.allow(router, '/objects/:id', 'GET, PATCH, DELETE');
  kit.allow(router, '/fields/:id', 'GET, PATCH, DELETE');
}
