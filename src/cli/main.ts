import { buildProgram } from './program.ts';
import { reportCliError, wantsDebug } from './run-cli.ts';

async function main(): Promise<void> {
  // `iotwarden devices | head` closes our stdout early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const debug = wantsDebug(process.argv);
  if (debug && !process.env.IOTWARDEN_LOG_LEVEL) process.env.IOTWARDEN_LOG_LEVEL = 'debug';
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportCliError(error, debug);
  }
}

await main();
