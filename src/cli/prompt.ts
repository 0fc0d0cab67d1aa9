// Prompts only when a person is there: never without a TTY, with CI set or with --no-input.
// No prompt never means approval: destructive actions then need --yes.
import { AppError } from '../core/errors.ts';
import type { GlobalOptions } from './output.ts';

export function canPrompt(options: GlobalOptions): boolean {
  return options.input !== false && !options.json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !process.env.CI;
}

async function cancellable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
      throw new AppError('CANCELLED', 'Cancelled.');
    }
    throw error;
  }
}

/** Asks to confirm a destructive action (default No), or requires --yes when nobody can answer. */
export async function confirmDestructive(options: GlobalOptions & { yes?: boolean }, question: string, flag = '--yes'): Promise<void> {
  if (options.yes) return;
  if (!canPrompt(options)) {
    throw new AppError('CONFIRMATION_REQUIRED', `${question} Refusing without confirmation.`, { hint: `Pass ${flag} to confirm.` });
  }
  const { confirm } = await import('@inquirer/prompts');
  const ok = await cancellable(() => confirm({ message: question, default: false }));
  if (!ok) throw new AppError('CANCELLED', 'Cancelled; nothing was changed.');
}

export async function askText(message: string, defaultValue?: string, validate?: (v: string) => true | string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return cancellable(() => input({ message, default: defaultValue, validate }));
}

export async function askSecret(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return cancellable(() => password({ message, mask: '*', validate: (v) => (v.length >= 8 ? true : 'At least 8 characters.') }));
}

export async function askChoice<T extends string>(message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return cancellable(() => select({ message, choices }));
}
