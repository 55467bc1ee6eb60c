/**
 * `npm start`: the whole platform locally. `npm start -- --fresh` starts with an empty database
 * (no demo campaigns). PORT chooses the app's port (default 3000).
 */
import { DEMO_ORGANISER, startLocalStack } from './stack.ts';

const fresh = process.argv.includes('--fresh');
const port = process.env.PORT ? Number(process.env.PORT) : 3000;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(1);
}

try {
  const stack = await startLocalStack({ port, fresh, demo: !fresh, log: (line) => console.log(line) });
  console.log(`
Undersigned is running locally.

  Web page:        ${stack.app}/
  API:             ${stack.app}/api/campaigns
  DynamoDB Local:  ${stack.dynamodb}
  Mailbox:         ${stack.mailbox}/
                   (every mail the platform sends, e.g. signature confirmations; JSON at /store)
  S3 (exports):    ${stack.s3}
                   (export files, kept in .local/s3; downloads go through the links the API gives)
  Organisers:      ${stack.app}/#/org
                   sign in as ${DEMO_ORGANISER} (demo organisation; the link arrives in the mailbox),
                   or make your own: npm run org:create -- --email you@example.org

Data is kept in .local/ (npm start -- --fresh starts empty). Press Ctrl+C to stop.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`\nCould not start: ${(error as Error).message}\n`);
  process.exit(1);
}
