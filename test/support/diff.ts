/** Runs one of iotwarden's command registrations in-process and captures what it prints. Test files only. */
import { Command } from '@commander-js/extra-typings';
import { vi } from 'vitest';

export async function runCommand(register: (program: Command) => void, args: string[]): Promise<string> {
  const program = new Command('iotwarden').exitOverride();
  register(program);
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return output;
}
