// Command results: human text or exactly one JSON envelope on stdout; progress and logs on
// stderr; every failure an AppError with its exit code. No stack trace ever reaches a user.
import { AppError, toAppError } from '../core/errors.ts';

export const SCHEMA_VERSION = 1;

export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  input?: boolean;
  home?: string;
}

export interface CommandResult {
  data: unknown;
  /** Human output; omitted with --json. */
  human?: string;
  warnings?: string[];
  /** Non-zero for results that are not errors but must fail CI (e.g. changes pending). */
  exitCode?: number;
  /** The envelope's `ok` (default true): false for reports of failures, such as doctor's. */
  ok?: boolean;
}

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;

export function paint(code: number, text: string): string {
  return useColor() ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export interface Reporter {
  /** A progress line on stderr (silenced by --quiet and --json). */
  progress(message: string): void;
  warn(message: string): void;
}

export function reporter(options: GlobalOptions): Reporter {
  const quiet = options.quiet || options.json;
  return {
    progress: (message) => {
      if (!quiet) process.stderr.write(`${paint(2, '›')} ${message}\n`);
    },
    warn: (message) => {
      if (!options.json) process.stderr.write(`${paint(33, 'warning:')} ${message}\n`);
    },
  };
}

function errorBody(error: AppError) {
  return {
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}

export function printResult(command: string, options: GlobalOptions, result: CommandResult): number {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, ok: result.ok ?? true, command, data: result.data, warnings: result.warnings ?? [] }, null, 2)}\n`);
  } else {
    for (const w of result.warnings ?? []) process.stderr.write(`${paint(33, 'warning:')} ${w}\n`);
    if (result.human !== undefined && result.human !== '') process.stdout.write(result.human.endsWith('\n') ? result.human : `${result.human}\n`);
  }
  return result.exitCode ?? 0;
}

export function printError(command: string, options: GlobalOptions, thrown: unknown): number {
  const error = toAppError(thrown);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, ok: false, command, error: errorBody(error), warnings: [] }, null, 2)}\n`);
  } else {
    process.stderr.write(`${paint(31, 'error:')} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${paint(2, 'hint:')} ${error.hint}\n`);
    if (options.verbose && error.cause) process.stderr.write(`${paint(2, 'cause:')} ${String((error.cause as Error)?.message ?? error.cause)}\n`);
  }
  return error.spec.exit;
}

/** Runs a command body and exits with its code; the one place CLI errors are printed. */
export async function run(command: string, options: GlobalOptions, body: () => Promise<CommandResult>): Promise<never> {
  let code: number;
  try {
    code = printResult(command, options, await body());
  } catch (error) {
    code = printError(command, options, error);
  }
  // Let stdout drain before exiting (piped output would otherwise be cut).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r, j) => {
    const line = r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    return j === 0 ? paint(1, line) : line;
  }).join('\n');
}

export function usageError(message: string, hint?: string): AppError {
  return new AppError('USAGE', message, hint ? { hint } : {});
}
