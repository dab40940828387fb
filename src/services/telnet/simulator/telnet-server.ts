import type { Socket } from 'node:net';
import type { CameraState } from '../../hipcam/simulator/camera-state.ts';
import { DO, IAC, OPT_ECHO, OPT_NAWS, OPT_SGA, splitTelnet, WILL } from '../telnet-codec.ts';

/** BusyBox telnetd opens with DO ECHO, DO NAWS, WILL ECHO, WILL SGA (busybox networking/telnetd.c). */
const BUSYBOX_IACS = Buffer.from([IAC, DO, OPT_ECHO, IAC, DO, OPT_NAWS, IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA]);
const MAX_LINE_BYTES = 1024;
const MAX_LOGIN_ATTEMPTS = 3;
/** The kernel banner these HiSilicon boards print for `uname -a` (Hi3518EV200 is an ARM926EJ-S core). */
const UNAME = 'Linux (none) 3.4.35 #1 Fri Jul 22 10:51:43 CST 2016 armv5tejl GNU/Linux';

type Phase = 'user' | 'password' | 'shell';

/**
 * The camera's BusyBox telnetd + login + ash, enough for a scanner and a curious owner: a `(none) login:` prompt,
 * a password prompt without echo, "Login incorrect" on a bad pair (the line closes after three), and after a good
 * one the HiLinux welcome and a `# ` root prompt answering a few harmless commands.
 */
export function serveCameraTelnet(
  socket: Socket,
  state: CameraState,
  credentials: { username: string; password: string },
): void {
  let phase: Phase = 'user';
  let attempts = 0;
  let user = '';
  let line = '';
  let rest: Buffer = Buffer.alloc(0);
  const prompt = (): string => `${state.hostname} login: `;
  socket.write(Buffer.concat([BUSYBOX_IACS, Buffer.from(`\r\n${prompt()}`)]));

  const onLine = (text: string): void => {
    if (phase === 'user') {
      if (text.length === 0) {
        socket.write(prompt());
        return;
      }
      user = text;
      phase = 'password';
      socket.write('Password: ');
    } else if (phase === 'password') {
      if (user === credentials.username && text === credentials.password) {
        phase = 'shell';
        socket.write('\r\n\r\nWelcome to HiLinux.\r\n\r\n# ');
        return;
      }
      attempts += 1;
      phase = 'user';
      if (attempts >= MAX_LOGIN_ATTEMPTS) {
        socket.end('\r\nLogin incorrect\r\n');
        return;
      }
      socket.write(`\r\nLogin incorrect\r\n${prompt()}`);
    } else {
      const answer = runCommand(text, state);
      if (answer === undefined) {
        socket.end('\r\n');
        return;
      }
      socket.write(`${answer}# `);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    const split = splitTelnet(Buffer.concat([rest, chunk]));
    rest = Buffer.from(split.rest);
    for (const byte of split.data) {
      // Telnet ends lines with CR LF or CR NUL (RFC 854, "The NVT printer and keyboard").
      if (byte === 0x0d) {
        const text = line;
        line = '';
        if (phase !== 'password') socket.write('\r\n');
        onLine(text);
      } else if (byte === 0x0a || byte === 0x00) {
        // second half of CR LF / CR NUL
      } else if (byte === 0x7f || byte === 0x08) {
        line = line.slice(0, -1);
      } else if (line.length < MAX_LINE_BYTES) {
        line += String.fromCharCode(byte);
        // WILL ECHO: the server echoes what the user types, except the password.
        if (phase !== 'password') socket.write(Buffer.from([byte]));
      }
    }
  });
}

/** Answers one shell line; undefined means the session ends. */
function runCommand(text: string, state: CameraState): string | undefined {
  const [cmd = '', ...args] = text.trim().split(/\s+/);
  switch (cmd) {
    case '':
      return '';
    case 'exit':
    case 'logout':
      return undefined;
    case 'id':
      return 'uid=0(root) gid=0(root) groups=0(root)\r\n';
    case 'whoami':
      return 'root\r\n';
    case 'uname':
      return args.includes('-a') ? `${UNAME.replace('(none)', state.hostname)}\r\n` : 'Linux\r\n';
    case 'hostname':
      if (args[0]) {
        state.hostname = args[0].slice(0, 64);
        return '';
      }
      return `${state.hostname}\r\n`;
    case 'echo':
      return `${args.join(' ')}\r\n`;
    case 'cat':
      if (args[0] === '/proc/version') return `${UNAME.replace(/^Linux \S+ /, 'Linux version ')}\r\n`;
      return `cat: can't open '${args[0] ?? ''}': No such file or directory\r\n`;
    case 'help':
      return 'Built-in commands:\r\n-------------------\r\n\t. : [ [[ alias bg break cd chdir continue echo eval exec exit export false fg hash help history jobs kill let local printf pwd read readonly return set shift source test times trap true type ulimit umask unalias unset wait\r\n';
    default:
      return `-sh: ${cmd}: not found\r\n`;
  }
}
