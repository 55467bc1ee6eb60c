// Plain JavaScript on purpose: this must run, and explain itself, on an old Node too.
// Usage: node infra/local/preflight.mjs [--java]
import { spawnSync } from 'node:child_process';

const problems = [];
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  problems.push(
    `Node ${process.versions.node} is too old: Undersigned needs Node 22 or newer.\n` +
      '  Install it from https://nodejs.org, with your version manager (e.g. `nvm install 22`),\n' +
      '  or without admin rights: `npm install --prefix ~/.cache/node22 node@22` and put\n' +
      '  ~/.cache/node22/node_modules/.bin first on your PATH.',
  );
}

if (process.argv.includes('--java')) {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const text = `${java.stderr ?? ''}${java.stdout ?? ''}`;
  const found = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const javaMajor = found ? (found[1] === '1' ? Number(found[2]) : Number(found[1])) : 0;
  if (java.error || !found) {
    problems.push(
      'Java was not found: DynamoDB Local (the local database) needs Java 17 or newer.\n' +
        '  Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`.',
    );
  } else if (javaMajor < 17) {
    problems.push(`Java ${javaMajor} is too old: DynamoDB Local needs Java 17 or newer.`);
  }
}

if (problems.length > 0) {
  console.error(`\nCannot start:\n\n- ${problems.join('\n\n- ')}\n`);
  process.exit(1);
}
