// The body of `twenty service install`: unit files as data, then written (or printed).
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';
import { boolValue, intValue } from '../core/config.ts';
import { findExecutable, run as runProgram } from '../core/provision/process.ts';
import { configFor } from './runtime.ts';
import type { CommandResult, GlobalOptions } from './output.ts';
import type { ServiceInstallFlags } from './service.ts';

export interface UnitFile {
  name: string;
  path: string;
  content: string;
}

interface UnitSettings {
  bin: string;
  user: string;
  home: string;
  managed: boolean;
  stopTimeoutSeconds: number;
}

const SERVICES_UNIT = 'twenty-services.service';

function section(name: string, entries: [string, string | number | undefined][]): string {
  return [`[${name}]`, ...entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`)].join('\n');
}

function processUnit(settings: UnitSettings, description: string, command: string): string {
  const dependsOn = settings.managed ? ` ${SERVICES_UNIT}` : '';
  return [
    '# Written by `twenty service install`; run it again to update.',
    section('Unit', [['Description', description], ['Wants', `network-online.target${dependsOn}`], ['After', `network-online.target${dependsOn}`]]),
    '',
    section('Service', [
      ['Type', 'simple'],
      ['User', settings.user],
      ['Environment', `TWENTY_HOME=${settings.home}`],
      ['ExecStart', `${settings.bin} ${command}`],
      ['Restart', 'on-failure'],
      ['RestartSec', '5s'],
      // SIGTERM lets in-flight work finish within SHUTDOWN_TIMEOUT_MS; systemd waits a little longer.
      ['KillSignal', 'SIGTERM'],
      ['TimeoutStopSec', `${settings.stopTimeoutSeconds}s`],
      ['NoNewPrivileges', 'yes'],
    ]),
    '',
    section('Install', [['WantedBy', 'multi-user.target']]),
    '',
  ].join('\n');
}

function servicesUnit(settings: UnitSettings): string {
  return [
    '# Written by `twenty service install`; run it again to update.',
    section('Unit', [['Description', 'Twenty managed PostgreSQL and Redis'], ['After', 'network.target']]),
    '',
    // pg_ctl and redis-server daemonize: a oneshot that stays "active" owns their processes.
    section('Service', [
      ['Type', 'oneshot'],
      ['RemainAfterExit', 'yes'],
      ['User', settings.user],
      ['Environment', `TWENTY_HOME=${settings.home}`],
      ['ExecStart', `${settings.bin} services start`],
      ['ExecStop', `${settings.bin} services stop`],
      ['Restart', 'on-failure'],
      ['RestartSec', '5s'],
      ['TimeoutSec', '120s'],
    ]),
    '',
    section('Install', [['WantedBy', 'multi-user.target']]),
    '',
  ].join('\n');
}

function unitFiles(settings: UnitSettings, unitDir: string): UnitFile[] {
  const units: [string, string][] = [
    ['twenty-server.service', processUnit(settings, 'Twenty CRM API server', 'serve')],
    ['twenty-worker.service', processUnit(settings, 'Twenty CRM background worker', 'worker')],
    ...(settings.managed ? [[SERVICES_UNIT, servicesUnit(settings)] as [string, string]] : []),
  ];
  return units.map(([name, content]) => ({ name, path: join(unitDir, name), content }));
}

/** The binary to start: the single executable itself, else `twenty` on PATH. */
function currentBinary(): string {
  try {
    const sea = createRequire(process.execPath)('node:sea') as { isSea(): boolean };
    if (sea.isSea()) return process.execPath;
  } catch {
    // Not a single executable (a checkout run by node).
  }
  const onPath = findExecutable('twenty');
  if (onPath) return realpathSync(onPath);
  throw new AppError('USAGE', 'Cannot tell which twenty binary the services should start.', { hint: 'Pass it with --bin /usr/local/bin/twenty.' });
}

export async function installServices(options: GlobalOptions, flags: ServiceInstallFlags): Promise<CommandResult> {
  const config = configFor(options);
  const settings: UnitSettings = {
    bin: flags.bin ?? currentBinary(),
    user: flags.user ?? userInfo().username,
    home: config.home,
    managed: boolValue(config, 'MANAGED_POSTGRES') || boolValue(config, 'MANAGED_REDIS'),
    stopTimeoutSeconds: Math.ceil(intValue(config, 'SHUTDOWN_TIMEOUT_MS') / 1000) + 10,
  };
  const units = unitFiles(settings, flags.unitDir);
  const warnings = existsSync(config.file) ? [] : [`${config.file} does not exist yet: run \`twenty init\` before starting the services.`];
  const names = units.map((u) => u.name.replace(/\.service$/, '')).filter((n) => n !== 'twenty-services');
  if (flags.dryRun) {
    return { data: { dryRun: true, units }, human: units.map((u) => `# ${u.path}\n${u.content}`).join('\n'), warnings };
  }
  try {
    mkdirSync(flags.unitDir, { recursive: true });
    for (const unit of units) writeFileSync(unit.path, unit.content, { mode: 0o644 });
  } catch (error) {
    throw new AppError('FORBIDDEN', `Cannot write the units to "${flags.unitDir}": ${(error as Error).message}`, { hint: 'Run it as root (sudo), or print them with --dry-run.' });
  }
  const systemctl = existsSync('/run/systemd/system') ? findExecutable('systemctl') : undefined;
  const reloaded = systemctl && flags.unitDir === '/etc/systemd/system' ? (await runProgram(systemctl, ['daemon-reload'])).code === 0 : false;
  const next = `systemctl enable --now ${names.join(' ')}`;
  return {
    data: { dryRun: false, units: units.map((u) => ({ name: u.name, path: u.path })), reloaded, next },
    human: [`Wrote ${units.map((u) => u.path).join(', ')}.`, reloaded ? `Start them with: ${next}` : `systemd is not running here; on a systemd host run \`systemctl daemon-reload && ${next}\`.`].join('\n'),
    warnings,
  };
}
