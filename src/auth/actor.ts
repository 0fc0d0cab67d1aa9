// Who is making a change, as authentication found it; the query IR stamps it into
// createdBy/updatedBy and the event rows.

export interface Actor {
  source: 'API' | 'MANUAL' | 'IMPORT' | 'SYSTEM' | 'WORKFLOW';
  workspaceMemberId: string | null;
  name: string;
  /** Carried into event rows (webhook payloads name the user); never written to records. */
  userId?: string | null;
  apiKeyId?: string | null;
}
