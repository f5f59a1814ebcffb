/**
 * Where `sombra serve` keeps its write token between starts: `<db>-token`
 * next to the database, readable by its owner only (mode 0600). The first
 * start without `--token` generates one, saves it and prints it; later
 * starts read it back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgError } from '../base/errors.js';
import { generateToken } from './write-guard.js';

export function tokenFilePath(dbPath: string): string {
  return `${dbPath}-token`;
}

/** The saved token of `dbPath`, creating it when missing; `created` says which. */
export function loadOrCreateToken(dbPath: string): { token: string; path: string; created: boolean } {
  const path = tokenFilePath(dbPath);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < 16) throw new InvalidArgError(`${path} holds no valid token (16 characters at least); delete it to generate a new one`);
    return { token, path, created: false };
  }
  const token = generateToken();
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, path, created: true };
}
