/**
 * Text built to break terminals and parsers, one piece per kind of control the issue 8 red-team pass used: C0
 * (NUL, BEL, BS, lone CR, VT, FF), ESC sequences (CSI clear-screen and colour, an OSC 0 window title, an OSC 8
 * hyperlink), C1 controls (U+0085 NEL, U+009B CSI, U+009D OSC) and bidi overrides.
 */
export const CONTROL_TEXT =
  'kitchen\u0000\u0007\u0008\r\u000b\u000c' +
  '\u001b[2J\u001b[31mRED\u001b[0m' +
  '\u001b]0;owned-title\u0007' +
  '\u001b]8;;http://evil.invalid/\u001b\\click\u001b]8;;\u001b\\' +
  '\u0085\u009b2J\u009d0;c1-title\u009c' +
  '\u202eexe.txt\u2028end';

/** The same hazards in the subset HTTP header values may carry (Node refuses C0 there; latin1 C1 bytes pass). */
export const CONTROL_HEADER_TEXT = 'Mongoose/6.18\u009b2J\u0085\u009d0;title\u009c';

/** A line of control text for raw banners (telnet, RTSP, MQTT ports), ending the way a banner does. */
export const CONTROL_BANNER = `BusyBox v1.19 ${CONTROL_TEXT}\r\nlogin: `;

/**
 * Bytes that are not UTF-8: a lone continuation byte, an overlong '/', a truncated 3-byte sequence, a UTF-16
 * surrogate encoded as UTF-8 (CESU), and 0xFF/0xFE which never occur in UTF-8 (RFC 3629 §3, §10).
 */
export const INVALID_UTF8 = Buffer.from([
  0x6e, 0x61, 0x6d, 0x65, 0x2d, 0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0x2d, 0x65, 0x6e, 0x64,
]);
