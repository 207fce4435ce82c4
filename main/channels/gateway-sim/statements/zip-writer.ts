/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3, "stored/deflate, no ZIP64"): no zip library is
 * installed in this project, and node:zlib only gives raw deflate streams, so the
 * container (local headers, central directory, end record) is written here. Enough for
 * small statement files: < 4 GiB, < 65,535 entries, no encryption, no data descriptors.
 *
 * Entry names are raw bytes: Alipay's bill zips carry GBK names WITHOUT the UTF-8 flag
 * (general-purpose bit 11), which is why Java readers need a GBK charset for them.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** The name as stored (encode it first: GBK for Alipay, UTF-8 with utf8Name). */
  name: Buffer;
  data: Buffer;
  /** Wall-clock time to store, as local date parts (ZIP stores MS-DOS local time, no zone). */
  modified: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** Sets bit 11: the name is UTF-8. */
  utf8Name?: boolean;
}

const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const END_OF_CENTRAL_DIR_SIG = 0x06054b50;
/** "Version needed to extract" 2.0: deflate. */
const VERSION_20 = 20;
const METHOD_DEFLATE = 8;
const FLAG_UTF8_NAME = 1 << 11;

/** MS-DOS time: hhhhhmmmmmmsssss (seconds / 2); date: yyyyyyymmmmddddd (years since 1980). */
function dosDateTime(m: ZipEntry['modified']): { time: number; date: number } {
  const time = (m.hour << 11) | (m.minute << 5) | Math.floor(m.second / 2);
  const date = ((m.year - 1980) << 9) | (m.month << 5) | m.day;
  return { time, date };
}

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const compressed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const { time, date } = dosDateTime(e.modified);
    const flags = e.utf8Name ? FLAG_UTF8_NAME : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER_SIG, 0);
    local.writeUInt16LE(VERSION_20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(METHOD_DEFLATE, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    chunks.push(local, e.name, compressed);

    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(CENTRAL_HEADER_SIG, 0);
    cd.writeUInt16LE(VERSION_20, 4); // made by: MS-DOS (high byte 0), spec 2.0
    cd.writeUInt16LE(VERSION_20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(METHOD_DEFLATE, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(compressed.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(e.name.length, 28);
    // 30 extra length, 32 comment length, 34 disk number, 36 internal attrs, 38 external attrs: all 0
    cd.writeUInt32LE(offset, 42);
    central.push(cd, e.name);

    offset += local.length + e.name.length + compressed.length;
  }
  const centralDir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIR_SIG, 0);
  // 4 this disk, 6 disk with central dir: 0
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  // 20 comment length: 0
  return Buffer.concat([...chunks, centralDir, end]);
}
