import { runCli, wantsDebug } from './run-cli.ts';

async function main(): Promise<void> {
  // `iotwarden devices | head` closes our stdout early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  if (wantsDebug(process.argv) && !process.env.IOTWARDEN_LOG_LEVEL) process.env.IOTWARDEN_LOG_LEVEL = 'debug';
  const code = await runCli(process.argv);
  if (code !== 0) process.exitCode = code;
}

await main();
// Every command has finished its work here (long-running ones return only after SIGINT/SIGTERM). A handle that a
// library left open must not keep the CLI alive, so exit once stdout has drained; with --debug, name the leak.
if (wantsDebug(process.argv)) {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  const open = handles.filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin);
  if (open.length > 0) process.stderr.write(`iotwarden: debug: ${open.length} handle(s) still open at exit\n`);
}
process.stdout.write('', () => process.exit());
