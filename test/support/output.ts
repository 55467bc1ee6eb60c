/**
 * For unit tests of logs and metrics: everything a function writes to stdout and stderr while it runs
 * (Powertools logs and EMF metric lines), as one string.
 */
export async function capturedOutput(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = ((chunk: unknown) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await run();
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  return lines.join('');
}
