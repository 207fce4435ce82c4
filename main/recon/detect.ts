/**
 * Which statement is this? Decided from the bytes, not the file name (files get renamed):
 * a zip is Alipay's bill; UTF-8 text whose first line names 交易时间 and 微信订单号 is a
 * WeChat bill; GBK text opening with `#支付宝` is an Alipay 业务明细 taken out of its zip;
 * text whose header names 参考号 and 凭证号 is an acquirer card file.
 */
import { both } from './bilingual';
import { parseAcquirerFile } from './parse-acquirer';
import { parseAlipayBill } from './parse-alipay';
import { parseWechatBill } from './parse-wechat';
import { decodeUtf8OrGbk, EncodingError, emptyFile } from './text-decode';
import type { ChannelRow, ParseError, StatementKind } from './types';
import { isZip } from './zip-reader';

/** Enough for the header line of any statement (WeChat's is ~400 bytes). */
const SNIFF_BYTES = 4096;

export interface ParsedStatement {
  /** undefined when the kind could not be told. */
  kind?: StatementKind;
  source: string;
  rows: ChannelRow[];
  errors: ParseError[];
  summary?: unknown;
}

export function detectStatementKind(bytes: Uint8Array): StatementKind | undefined {
  if (isZip(bytes)) return 'alipay';
  let text: string;
  try {
    // Only the first lines matter; cut at a line end so no multi-byte character is split.
    const head = bytes.subarray(0, SNIFF_BYTES);
    const cut = head.length < bytes.length ? head.lastIndexOf(0x0a) : -1;
    text = decodeUtf8OrGbk(cut > 0 ? head.subarray(0, cut) : head, 'statement').text;
  } catch (e) {
    if (e instanceof EncodingError) return undefined;
    throw e;
  }
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (first.startsWith('#支付宝')) return 'alipay';
  if (first.includes('交易时间') && first.includes('微信订单号')) return 'wechat';
  if (first.includes('参考号') && first.includes('凭证号')) return 'acquirer';
  return undefined;
}

export function parseStatement(bytes: Uint8Array, source: string): ParsedStatement {
  if (bytes.length === 0) return { source, rows: [], errors: [{ line: 0, message: emptyFile(source), raw: '', source }] };
  const kind = detectStatementKind(bytes);
  switch (kind) {
    case 'wechat':
      return { source, ...parseWechatBill(bytes, source) };
    case 'alipay':
      return { source, ...parseAlipayBill(bytes, source) };
    case 'acquirer':
      return { source, ...parseAcquirerFile(bytes, source) };
    default:
      return {
        source,
        rows: [],
        errors: [
          {
            line: 0,
            message: both(
              `${source}：无法识别的对账单（支持微信 downloadbill CSV、支付宝账单 zip 或业务明细 CSV、收单机构银行卡明细 CSV）`,
              `${source}: not a known statement (WeChat downloadbill CSV, Alipay bill zip or 业务明细 CSV, acquirer card detail CSV)`,
            ),
            raw: '',
            source,
          },
        ],
      };
  }
}
