/** How far git looks for a NUL byte before it calls a file binary. */
const SNIFF_BYTES = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The file's text, or undefined for a binary file (docs/img/*.png): a NUL byte early on, as git
 * decides, or bytes that are not UTF-8. A binary file is moved if its path changes, never edited.
 */
export function textOf(content: Buffer): string | undefined {
  if (content.subarray(0, SNIFF_BYTES).includes(0)) return undefined;
  try {
    return utf8.decode(content);
  } catch {
    return undefined;
  }
}
