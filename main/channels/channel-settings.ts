/**
 * settings.channels / settings.setChannel: the merchant's credentials as settings see them.
 * Saving checks the keys, seals them (credentials.ts), and moves the channel onto them at
 * once; nothing secret ever comes back out: only where each channel goes and hints.
 */
import { X509Certificate } from 'node:crypto';
import type { ChannelSettings, ChannelView, SetChannelCredentials } from '../../preload/contract';
import type { Logger } from '../log';
import type { ChannelService } from './channel-setup';
import { ApiFailure } from '../contract/errors';
import { apiKeyHint, CredentialError, type CredentialStore, keyFingerprint, type MerchantCredentials, normaliseAlipay, normaliseWechat } from './credentials';

export class ChannelSettingsService {
  private saved: MerchantCredentials;

  /** `saved` and `problem`: what was loaded at start (problem: why saved credentials could not be opened). */
  constructor(
    private readonly store: CredentialStore,
    private readonly channels: ChannelService,
    private readonly log: Logger,
    saved: MerchantCredentials,
    private problem: string | null,
  ) {
    this.saved = saved;
  }

  view(): ChannelSettings {
    const routes = this.channels.routes();
    const w = this.saved.wechat;
    const a = this.saved.alipay;
    const wechat: ChannelView = {
      ...routes.wechat,
      secretHint: routes.wechat.source === 'merchant' && w ? apiKeyHint(w.apiKey) : null,
      clientCert: routes.wechat.source === 'merchant' && w?.certPem ? certSummary(w.certPem) : null,
    };
    const alipay: ChannelView = {
      ...routes.alipay,
      secretHint: routes.alipay.source === 'merchant' && a ? keyFingerprint(a.privateKey) : null,
      clientCert: null,
    };
    return { protection: this.store.protection, wechat, alipay, problem: this.problem };
  }

  set(input: SetChannelCredentials): ChannelSettings {
    const next: MerchantCredentials = { ...this.saved };
    try {
      if (input.channel === 'wechat') {
        if (input.credentials) next.wechat = normaliseWechat(input.credentials);
        else delete next.wechat;
      } else if (input.credentials) next.alipay = normaliseAlipay(input.credentials);
      else delete next.alipay;
    } catch (err) {
      if (err instanceof CredentialError) throw new ApiFailure('INVALID_INPUT', err.message, 'credentials');
      throw err;
    }
    // Sealed on disk first: if that fails (full disk, no keychain) nothing changes.
    try {
      this.store.save(next);
    } catch (err) {
      throw new ApiFailure('STORAGE', `凭据未保存 / credentials not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.saved = next;
    this.problem = null;
    this.channels.applyCredentials(input.channel, next[input.channel] ?? null);
    const route = this.channels.routes()[input.channel];
    this.log.info({ channel: input.channel, source: route.source, endpoint: route.endpoint, merchant: route.merchant }, 'channel credentials changed');
    return this.view();
  }
}

function certSummary(pem: string): { subject: string; validTo: string } {
  const c = new X509Certificate(pem);
  return { subject: c.subject.replace(/\n/g, ', '), validTo: new Date(c.validTo).toISOString() };
}
