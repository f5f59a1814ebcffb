/** `sombra pragma <db> NAME [VALUE]`: reads or sets one setting (`db.pragma`). */
import type { Command } from 'commander';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK } from '../output.js';
import { toJsonText } from '../value-format.js';

/** A VALUE from the command line: a number when it reads as one, `null` for "null", else the text. */
function parsePragmaValue(text: string): string | number | null {
  if (text === 'null') return null;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

export function addPragmaCommand(program: Command, host: CommandHost): void {
  program
    .command('pragma')
    .description('read a setting, or set it for this open (see docs/api.md#pragmas for the names)')
    .argument('<db>', 'database file')
    .argument('<name>', 'pragma name (page_size, synchronous, cache_size, wal_frames, ...)')
    .argument('[value]', 'new value')
    .action(
      host.action(async (ctx, _opts: object, path: string, name: string, value: string | undefined) => {
        const db = await openExisting(path, { readOnly: value === undefined });
        try {
          const result = value === undefined ? db.pragma(name) : db.pragma(name, parsePragmaValue(value));
          if (ctx.json) ctx.out(toJsonText({ [name]: result }));
          else if (!ctx.quiet) ctx.out(String(result));
        } finally {
          await db.close();
        }
        return EXIT_OK;
      }),
    );
}
