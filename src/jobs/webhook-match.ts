// Which webhooks an event fires (spec §6): an operation matches on the object, the action,
// or either as "*". Pure, so the SQL filter and the tests share one definition.

/** The operation strings that select `eventName`: e.g. company.created, *.created, company.*, *.*. */
export function matchingOperations(eventName: string): string[] {
  const dot = eventName.lastIndexOf('.');
  const object = eventName.slice(0, dot);
  const action = eventName.slice(dot + 1);
  return [`${object}.${action}`, `*.${action}`, `${object}.*`, '*.*'];
}

export function webhookMatches(operations: readonly string[], eventName: string): boolean {
  const wanted = new Set(matchingOperations(eventName));
  return operations.some((op) => wanted.has(op.trim()));
}
