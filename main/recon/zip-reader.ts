/**
 * A small ZIP reader (PKWARE APPNOTE 6.3) for Alipay's bill zips: no zip package is
 * installed, and node:zlib gives raw inflate only. It reads the END record, walks the
 * central directory (the authoritative list: local headers may lack sizes when bit 3,
 * "data descriptor", is set), inflates each entry and checks its CRC-32.
 *
 * Not supported, each reported as a ZipError: ZIP64, encryption, multi-disk archives,
 * methods other than stored (0) and deflate (8).
 *
 * Entry names: bit 11 set means UTF-8; otherwise Alipay writes GBK (Chinese Windows'
 * code page), so unflagged names are decoded as GBK.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { both } from './bilingual';

const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const END_RECORD_LENGTH = 22;
/** The END record ends with a comment of at most 65,535 bytes, so search that far back. */
const MAX_COMMENT = 0xffff;
const CENTRAL_HEADER_LENGTH = 46;
const LOCAL_HEADER_LENGTH = 30;
const FLAG_ENCRYPTED = 1 << 0;
const FLAG_UTF8_NAME = 1 << 11;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** 0xFFFF / 0xFFFFFFFF in these fields mean "see the ZIP64 record". */
const ZIP64_MARK_16 = 0xffff;
const ZIP64_MARK_32 = 0xffffffff;

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipFileEntry {
  name: string;
  data: Buffer;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function findEnd(zip: Buffer): number {
  const stop = Math.max(0, zip.length - END_RECORD_LENGTH - MAX_COMMENT);
  for (let p = zip.length - END_RECORD_LENGTH; p >= stop; p--) {
    if (zip.readUInt32LE(p) === END_SIG) return p;
  }
  return -1;
}

export function readZip(bytes: Uint8Array, what = 'zip'): ZipFileEntry[] {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isZip(zip)) throw new ZipError(both(`${what} 不是 zip 压缩包`, `${what} is not a zip file (no PK\\3\\4 signature)`));
  if (zip.length < END_RECORD_LENGTH) throw new ZipError(both(`${what} 不完整：比 zip 结尾记录还短`, `${what} is truncated: shorter than a zip end record`));
  const end = findEnd(zip);
  if (end < 0) throw new ZipError(both(`${what} 不完整或已损坏：缺少 zip 目录结尾记录`, `${what} is truncated or damaged: no end-of-central-directory record`));
  const count = zip.readUInt16LE(end + 10);
  const cdSize = zip.readUInt32LE(end + 12);
  const cdOffset = zip.readUInt32LE(end + 16);
  if (count === ZIP64_MARK_16 || cdOffset === ZIP64_MARK_32) throw new ZipError(both(`${what} 是 ZIP64 格式，不支持`, `${what} is ZIP64, which is not supported`));
  if (zip.readUInt16LE(end + 4) !== 0 || zip.readUInt16LE(end + 6) !== 0) {
    throw new ZipError(both(`${what} 是分卷压缩包，不支持`, `${what} spans several disks, which is not supported`));
  }
  if (cdOffset + cdSize > end) throw new ZipError(both(`${what} 已损坏：中央目录超出了结尾记录`, `${what} is damaged: central directory runs past its end record`));

  const out: ZipFileEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_HEADER_LENGTH > end || zip.readUInt32LE(p) !== CENTRAL_HEADER_SIG) {
      throw new ZipError(
        both(`${what} 已损坏：中央目录共 ${count} 项，缺少第 ${i + 1} 项`, `${what} is damaged: central directory entry ${i + 1} of ${count} is missing`),
      );
    }
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const rawName = zip.subarray(p + CENTRAL_HEADER_LENGTH, p + CENTRAL_HEADER_LENGTH + nameLength);
    const name = flags & FLAG_UTF8_NAME ? rawName.toString('utf8') : iconv.decode(rawName, 'gbk');
    p += CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength;

    if (flags & FLAG_ENCRYPTED) throw new ZipError(both(`${what}：其中的“${name}”已加密`, `${what}: entry "${name}" is encrypted`));
    if (localOffset + LOCAL_HEADER_LENGTH > cdOffset || zip.readUInt32LE(localOffset) !== LOCAL_HEADER_SIG) {
      throw new ZipError(both(`${what} 已损坏：缺少“${name}”的本地文件头`, `${what} is damaged: local header of "${name}" is missing`));
    }
    const dataStart = localOffset + LOCAL_HEADER_LENGTH + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) throw new ZipError(both(`${what} 不完整：“${name}”的数据超出了文件末尾`, `${what} is truncated: data of "${name}" runs past its end`));
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === METHOD_STORED) data = Buffer.from(raw);
    else if (method === METHOD_DEFLATE) {
      try {
        data = inflateRawSync(raw);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new ZipError(both(`${what}：其中的“${name}”无法解压（${why}）`, `${what}: entry "${name}" does not inflate (${why})`));
      }
    } else throw new ZipError(
        both(
          `${what}：其中的“${name}”使用压缩方式 ${method}，只支持 stored 和 deflate`,
          `${what}: entry "${name}" uses compression method ${method}; only stored and deflate are supported`,
        ),
      );
    if (data.length !== size || crc32(data) !== crc) throw new ZipError(both(`${what}：其中的“${name}”校验（CRC/大小）不符，已损坏`, `${what}: entry "${name}" fails its CRC/size check (damaged)`));
    out.push({ name, data });
  }
  return out;
}
