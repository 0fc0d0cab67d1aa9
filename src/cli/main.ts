// The `twenty` command. Only commander and the command tree load at start-up; each command
// imports what it needs when it runs, so `twenty --version` stays fast.
import { Command } from 'commander';
import { registerInit } from './init.ts';
import { registerConfig } from './config.ts';
import { registerDb } from './db.ts';
import { registerServices } from './services.ts';
import { registerWorkspace } from './workspace.ts';
import { registerUser } from './user.ts';
import { registerApiKey } from './apikey.ts';
import { registerMetadata } from './metadata.ts';
import { registerServe } from './serve.ts';
import { registerWorker } from './worker.ts';
import { registerDoctor } from './doctor.ts';
import { registerWebhook } from './webhook.ts';
import { registerUpgrade } from './upgrade.ts';
import { registerBackup } from './backup.ts';
import { registerRestore } from './restore.ts';
import { registerStatus } from './status.ts';
import { registerLogs } from './logs.ts';
import { registerService } from './service.ts';
import { registerCompletion } from './completion.ts';
import { registerFiles } from './files.ts';
import { VERSION } from './version.ts';

export function buildProgram(): Command {
  const program = new Command('twenty')
    .description('Self-hostable, Twenty-compatible CRM server and toolkit.')
    .version(VERSION, '-V, --version')
    .option('--home <dir>', 'instance home directory (default: $TWENTY_HOME or ~/.local/share/twenty)')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('-q, --quiet', 'no progress output')
    .option('-v, --verbose', 'more detail on errors')
    .option('--no-input', 'never prompt (also when CI is set or without a TTY)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ twenty init                                  set up this machine interactively
  $ twenty init --yes --json                     set up with managed defaults, for scripts
  $ twenty serve                                 start the API server
  $ twenty workspace create "Acme"               add a workspace with the standard objects
  $ twenty metadata apply ./model --workspace Acme
  $ twenty doctor                                check services, migrations and drift

Exit codes: 0 ok, 1 failure, 2 usage or confirmation required, 3 auth, 4 not found,
5 partial failure, 6 conflict (stale plan, lock held), 130 cancelled.`);
  program.configureOutput({ outputError: (text, write) => write(text) });
  program.exitOverride((err) => {
    // commander's own usage errors exit 2, help and version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  for (const register of [registerInit, registerConfig, registerDb, registerServices, registerWorkspace, registerUser, registerApiKey, registerMetadata, registerWebhook, registerFiles, registerServe, registerWorker, registerDoctor, registerUpgrade, registerBackup, registerRestore, registerStatus, registerLogs, registerService, registerCompletion]) {
    register(program);
  }
  return program;
}

buildProgram().parseAsync(process.argv);
