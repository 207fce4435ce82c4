/**
 * Each wallet's T+1 statement for a day, fetched the way the vendor publishes it, through the
 * client the wallet uses now: WeChat Pay's downloadbill (CSV text), Alipay's
 * bill.downloadurl.query and then the zip at that short-lived URL. So reconciliation reads
 * the merchant's own bills once credentials are saved, and the simulator's until then.
 */
import { request } from 'undici';
import { both } from '../../preload/bilingual';
import type { AlipayClient } from './alipay-client';
import { QrChannelError } from './types';
import type { WechatClient } from './wechat-client';

export interface StatementDownload {
  channel: 'wechat' | 'alipay';
  /** File name as the parsers and the page show it; null when there is no file. */
  name: string;
  bytes: Uint8Array | null;
  /** Why there is no file, "中文 / English"; null when there is one, or the day had no trades. */
  problem: string | null;
}

/** WeChat's answer for a day without trades: no file, and nothing wrong. */
const NO_BILL = /No Bill Exist/i;
const DOWNLOAD_TIMEOUT_MS = 30_000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function downloadStatements(day: string, clients: { wechat?: WechatClient; alipay?: AlipayClient }): Promise<StatementDownload[]> {
  const out: Array<Promise<StatementDownload>> = [];
  if (clients.wechat) {
    const wechat = clients.wechat;
    const name = `wechat-${day}.csv`;
    out.push(
      wechat.downloadBill(day.replaceAll('-', '')).then(
        (text) => ({ channel: 'wechat', name, bytes: new TextEncoder().encode(text), problem: null }),
        (err: unknown) =>
          err instanceof QrChannelError && NO_BILL.test(err.message)
            ? { channel: 'wechat', name, bytes: null, problem: null }
            : { channel: 'wechat', name, bytes: null, problem: both(`微信支付对账单未能下载：${messageOf(err)}`, `WeChat Pay statement not downloaded: ${messageOf(err)}`) },
      ),
    );
  }
  if (clients.alipay) {
    const alipay = clients.alipay;
    const name = `alipay-${day}.zip`;
    out.push(
      (async (): Promise<StatementDownload> => {
        try {
          const url = await alipay.billDownloadUrl(day);
          const res = await request(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
          const bytes = new Uint8Array(await res.body.arrayBuffer());
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${Buffer.from(bytes.subarray(0, 200)).toString('utf8')}`);
          return { channel: 'alipay', name, bytes, problem: null };
        } catch (err) {
          return { channel: 'alipay', name, bytes: null, problem: both(`支付宝对账单未能下载：${messageOf(err)}`, `Alipay statement not downloaded: ${messageOf(err)}`) };
        }
      })(),
    );
  }
  return Promise.all(out);
}
