// Which webhooks an event fires (spec §6): an operation matches on the object, the action,
// or either as "*". The fan-out query selects webhooks whose operations overlap this list.

/** The operation strings that select `eventName`: e.g. company.created, *.created, company.*, *.*. */
export function matchingOperations(eventName: string): string[] {
  const dot = eventName.lastIndexOf('.');
  const object = eventName.slice(0, dot);
  const action = eventName.slice(dot + 1);
  return [`${object}.${action}`, `*.${action}`, `${object}.*`, '*.*'];
}
