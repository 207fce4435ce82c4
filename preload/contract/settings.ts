/**
 * The contract of the merchant settings: each QR channel's credentials (write-only secrets)
 * and what the Settings page shows of them.
 */
import { z } from 'zod';
import { BilingualText, type CallSpec, Empty } from './common';

/** A PEM block, or the bare base64 body the vendors' key tools hand out (Alipay's does). */
const KeyText = z.string().trim().min(64, '请粘贴完整的 PEM 或 Base64 密钥文本 / a key: paste the PEM or base64 text').max(16_384);
/** https anywhere; plain http only to this machine (a local simulator or bench). */
const ChannelUrl = z
  .string()
  .max(300)
  .url()
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u), '须为 https 地址（http 仅限本机 127.0.0.1） / https, or http to 127.0.0.1 only');

export const WechatCredentials = z
  .object({
    appId: z.string().max(18).regex(/^wx[0-9a-f]{16}$/, 'AppID 为 wx 加 16 位十六进制字符 / appid: "wx" and 16 hex digits'),
    mchId: z.string().max(10).regex(/^\d{8,10}$/, '商户号为 8 到 10 位数字 / mch_id: 8 to 10 digits'),
    /** The v2 API key (API密钥), 32 letters and digits. Write-only: never sent back. */
    apiKey: z.string().max(32).regex(/^[A-Za-z0-9]{32}$/, 'API 密钥须为 32 位字母或数字 / API key: 32 letters and digits'),
    baseUrl: ChannelUrl.default('https://api.mch.weixin.qq.com'),
    /** apiclient_cert.pem / apiclient_key.pem, needed by reverse and refund (secapi). */
    certPem: KeyText.optional(),
    keyPem: KeyText.optional(),
  })
  .strict()
  .refine((c) => (c.certPem === undefined) === (c.keyPem === undefined), { message: 'API 证书与证书私钥须一起填写 / the client certificate and its key go together', path: ['certPem'] });
export type WechatCredentials = z.infer<typeof WechatCredentials>;

export const AlipayCredentials = z
  .object({
    appId: z.string().max(16).regex(/^\d{16}$/, 'APPID 为 16 位数字 / APPID: 16 digits'),
    /** The application's RSA2 private key (应用私钥). Write-only: never sent back. */
    privateKey: KeyText,
    /** Alipay's public key (支付宝公钥), to verify every answer. */
    alipayPublicKey: KeyText,
    gateway: ChannelUrl.default('https://openapi.alipay.com/gateway.do'),
  })
  .strict();
export type AlipayCredentials = z.infer<typeof AlipayCredentials>;

export const SetChannelCredentials = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('wechat'), credentials: WechatCredentials.nullable() }).strict(),
  z.object({ channel: z.literal('alipay'), credentials: AlipayCredentials.nullable() }).strict(),
]);
export type SetChannelCredentials = z.infer<typeof SetChannelCredentials>;

/** What settings show of a channel: where it goes and which merchant; secrets only as hints. */
export const ChannelView = z.object({
  /** sim: the embedded gateway simulator; gateway: --gateway URL; merchant: saved credentials. */
  source: z.enum(['sim', 'gateway', 'merchant']),
  endpoint: z.string(),
  merchant: z.string().nullable(),
  /** Last 4 characters of the API key / a SHA-256 fingerprint of the private key. */
  secretHint: z.string().nullable(),
  clientCert: z.object({ subject: z.string(), validTo: z.string() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelSettings = z.object({
  protection: z.enum(['os-keychain', 'key-file']),
  wechat: ChannelView,
  alipay: ChannelView,
  /** Saved credentials that could not be opened at start (e.g. a lost key), in words. */
  problem: BilingualText.nullable(),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

export const settingsCalls = {
  'settings.channels': { input: Empty, output: ChannelSettings },
  /** Saves (or, with null, forgets) one channel's merchant credentials, encrypted; takes effect at once. */
  'settings.setChannel': { input: SetChannelCredentials, output: ChannelSettings },
} as const satisfies Record<string, CallSpec>;
