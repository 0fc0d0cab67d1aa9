// Object keys are namespaced by workspace: `workspace-<uuid>/<segment>/…`. Every segment a client
// can influence passes through here, so nothing it sends can name a path outside its workspace
// (the hole Twenty's local driver had: a second path that skipped the guard).
import { AppError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// No slash, backslash, NUL or other control character, nor what Windows or S3 tools choke on.
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]/u;
const MAX_SEGMENT = 255;

export function assertSegment(segment: string, what = 'path segment'): void {
  const bad = (why: string) => {
    throw new AppError('BAD_USER_INPUT', `The ${what} "${segment.replace(/\p{Cc}/gu, '?')}" ${why}.`, {
      hint: 'Use a plain file name: no slashes, no "..", no control characters.',
      details: { segment: what },
    });
  };
  if (segment.length === 0) bad('is empty');
  if (segment.length > MAX_SEGMENT) bad(`is longer than ${MAX_SEGMENT} characters`);
  if (segment === '.' || segment === '..' || segment.startsWith('.')) bad('starts with a dot');
  if (FORBIDDEN_CHARACTER.test(segment)) bad('has a character that is not allowed in a file name');
  if (segment.trim() !== segment) bad('starts or ends with a space');
}

export function workspacePrefix(workspaceId: string): string {
  if (!UUID.test(workspaceId)) throw new AppError('BAD_USER_INPUT', `"${workspaceId}" is not a workspace id (a UUID).`);
  return `workspace-${workspaceId.toLowerCase()}/`;
}

/** The key of an object in a workspace, from segments that are each checked. */
export function storageKey(workspaceId: string, ...segments: string[]): string {
  if (segments.length === 0) throw new AppError('BAD_USER_INPUT', 'A storage key needs at least one segment after the workspace.');
  for (const segment of segments) assertSegment(segment);
  return workspacePrefix(workspaceId) + segments.join('/');
}

/** Checks a whole key (e.g. from a URL) and that it belongs to the workspace; returns its segments. */
export function parseStorageKey(key: string, workspaceId: string): string[] {
  const prefix = workspacePrefix(workspaceId);
  if (!key.startsWith(prefix)) {
    throw new AppError('FORBIDDEN', 'This file does not belong to your workspace.', { details: { workspaceId } });
  }
  const segments = key.slice(prefix.length).split('/');
  for (const segment of segments) assertSegment(segment);
  return segments;
}

/** The workspace id a key belongs to, or undefined when the key is not a workspace key. */
export function workspaceOfKey(key: string): string | undefined {
  const match = /^workspace-([0-9a-f-]{36})\//.exec(key);
  const id = match?.[1];
  return id !== undefined && UUID.test(id) ? id : undefined;
}
