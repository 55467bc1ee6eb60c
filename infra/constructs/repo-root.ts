import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root, independent of the working directory `cdk` or vitest runs in. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
