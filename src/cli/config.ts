// `twenty config show|set|path`.
import type { Command } from 'commander';
import { run, table, type GlobalOptions } from './output.ts';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('Show and change this instance\'s configuration')
    .addHelpText('after', '\nExamples:\n  $ twenty config show --sources\n  $ twenty config set NODE_PORT 3001');
  config.command('show')
    .description('Show every config key with its value (secrets redacted)')
    .option('--sources', 'show where each value comes from (default, file, env, flag)')
    .option('--reveal', 'show secrets in full')
    .addHelpText('after', '\nExample:\n  $ twenty config show --sources')
    .action(async (opts: { sources?: boolean; reveal?: boolean }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('config show', options, async () => {
        const { CONFIG_KEYS, displayValue, loadConfig } = await import('../core/config.ts');
        const cfg = loadConfig({ home: options.home });
        const keys = Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[];
        const entries = keys.map((k) => ({ key: k, value: displayValue(k, cfg.values[k], opts.reveal) ?? null, source: cfg.sources[k] ?? 'unset' }));
        return {
          data: { home: cfg.home, file: cfg.file, values: entries },
          human: `home: ${cfg.home}\n${table(opts.sources ? ['key', 'value', 'source'] : ['key', 'value'], entries.map((e) => (opts.sources ? [e.key, e.value, e.source] : [e.key, e.value])))}`,
        };
      });
    });
  config.command('set <key> <value>')
    .description('Set a key in the config file (validated first)')
    .addHelpText('after', '\nExample:\n  $ twenty config set NODE_PORT 3001')
    .action(async (key: string, value: string, _opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('config set', options, async () => {
        const { CONFIG_KEYS, readConfigFile, writeConfigFile, configFile, loadConfig } = await import('../core/config.ts');
        const { didYouMeanSuffix } = await import('../metadata/suggest.ts');
        const { usageError } = await import('./output.ts');
        if (!Object.hasOwn(CONFIG_KEYS, key)) throw usageError(`Unknown config key "${key}".${didYouMeanSuffix(key, Object.keys(CONFIG_KEYS))}`, 'See `twenty config show` for the keys.');
        const home = loadConfig({ home: options.home }).home;
        const file = configFile(home);
        writeConfigFile(file, { ...readConfigFile(file), [key]: value });
        return { data: { key, file }, human: `Set ${key} in ${file}.` };
      });
    });
  config.command('path')
    .description('Print the config file path')
    .action(async (_opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('config path', options, async () => {
        const { loadConfig } = await import('../core/config.ts');
        const cfg = loadConfig({ home: options.home });
        return { data: { home: cfg.home, file: cfg.file }, human: cfg.file };
      });
    });
}
