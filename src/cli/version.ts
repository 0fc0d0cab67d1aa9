// Replaced at bundle time for the single binary; read from package.json in a checkout.
import { createRequire } from 'node:module';

function readVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export const VERSION: string = process.env.TWENTY_BUILD_VERSION ?? readVersion();
