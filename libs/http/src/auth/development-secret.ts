import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a fresh install keeps its own random HS256 secret when none is configured. */
export const DEVELOPMENT_SECRET_FILE = '.data/dev-jwt-secret';

/** Reads the install's development secret, creating a random one on first use (never a shared default). */
export function developmentSecret(file = DEVELOPMENT_SECRET_FILE): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
