/**
 * XML text for untrusted values (a room name the owner typed): markup characters as entities, and every character
 * XML 1.0 cannot carry (C0 controls but tab and newline) as a character reference, so the name goes out whole and a
 * client that decodes references gets it back exactly.
 */
export function escapeXml(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
    /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}
