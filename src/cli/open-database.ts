/** How CLI commands open a database: never create one by accident (only `init` creates). */
import { Database } from '../db/database.js';
import type { DatabaseOptions } from '../db/options.js';

/** Opens an existing database; `readOnly` for commands that only read. */
export function openExisting(path: string, options: { readOnly?: boolean } & DatabaseOptions = {}): Promise<Database> {
  return Database.open(path, { createIfMissing: false, ...options });
}
