// `twenty completion bash|zsh|fish`: shell completion of commands and subcommands.
import type { Command } from 'commander';
import { run, usageError, type GlobalOptions } from './output.ts';

function words(program: Command): { top: string[]; sub: Record<string, string[]> } {
  const top = program.commands.map((c) => c.name());
  const sub = Object.fromEntries(program.commands.map((c) => [c.name(), c.commands.map((s) => s.name())]));
  return { top, sub };
}

export function completionScript(shell: string, program: Command): string {
  const { top, sub } = words(program);
  if (shell === 'bash') {
    const cases = Object.entries(sub).filter(([, s]) => s.length).map(([c, s]) => `    ${c}) COMPREPLY=($(compgen -W "${s.join(' ')}" -- "$cur")); return;;`).join('\n');
    return `_twenty() {\n  local cur=\${COMP_WORDS[COMP_CWORD]}\n  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W "${top.join(' ')}" -- "$cur")); return; fi\n  case "\${COMP_WORDS[1]}" in\n${cases}\n  esac\n}\ncomplete -F _twenty twenty\n`;
  }
  if (shell === 'zsh') {
    return `#compdef twenty\n_twenty() {\n  if (( CURRENT == 2 )); then compadd ${top.join(' ')}; return; fi\n  case $words[2] in\n${Object.entries(sub).filter(([, s]) => s.length).map(([c, s]) => `    ${c}) compadd ${s.join(' ')};;`).join('\n')}\n  esac\n}\ncompdef _twenty twenty\n`;
  }
  if (shell === 'fish') {
    const lines = top.map((c) => `complete -c twenty -n __fish_use_subcommand -a ${c}`);
    for (const [c, s] of Object.entries(sub)) for (const x of s) lines.push(`complete -c twenty -n '__fish_seen_subcommand_from ${c}' -a ${x}`);
    return `${lines.join('\n')}\n`;
  }
  throw usageError(`Unknown shell "${shell}".`, 'Use bash, zsh or fish.');
}

export function registerCompletion(program: Command): void {
  program.command('completion <shell>')
    .description('Print a shell completion script (bash, zsh or fish)')
    .addHelpText('after', '\nExample:\n  $ twenty completion bash > /etc/bash_completion.d/twenty')
    .action(async (shell: string, _opts, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('completion', options, async () => {
        const script = completionScript(shell, program);
        return { data: { shell, script }, human: script };
      });
    });
}
