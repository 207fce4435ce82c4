/**
 * One QrChannelClient over several vendors: pay goes to the client of req.channel;
 * query/reverse/refund/precreate go to the channel given, or the one the trade was paid
 * through in this process. After a restart the checkout passes the channel it stored.
 * A missing or unconfigured channel rejects with QrChannelError (nothing was sent).
 */
import {
  QrChannelError,
  type QrChannel,
  type QrChannelClient,
  type QrPayRequest,
  type QrPrecreateRequest,
  type QrPrecreateResult,
  type QrRefundRequest,
  type QrResult,
} from './types';

export type QrClients = Partial<Record<QrChannel, QrChannelClient>>;

export class QrRouter implements QrChannelClient {
  /** outTradeNo -> channel, for follow-up calls in this process. */
  private readonly seen = new Map<string, QrChannel>();

  constructor(private readonly clients: QrClients) {}

  /**
   * Swaps one wallet's client (the merchant saved or removed credentials). A call already
   * under way finishes on the client it started with; the next one takes the new client.
   */
  setClient(channel: QrChannel, client: QrChannelClient | undefined): void {
    if (client) this.clients[channel] = client;
    else delete this.clients[channel];
  }

  async pay(req: QrPayRequest): Promise<QrResult> {
    const client = this.clients[req.channel];
    if (!client) {
      return { status: 'FAIL', amountFen: req.amountFen, errCode: 'CHANNEL_NOT_CONFIGURED', errMessage: `no ${req.channel} channel is configured` };
    }
    this.seen.set(req.outTradeNo, req.channel);
    return client.pay(req);
  }

  async query(outTradeNo: string, channel?: QrChannel): Promise<QrResult> {
    return this.pick(outTradeNo, channel).query(outTradeNo);
  }

  async reverse(outTradeNo: string, channel?: QrChannel): Promise<QrResult> {
    return this.pick(outTradeNo, channel).reverse(outTradeNo);
  }

  async refund(req: QrRefundRequest & { channel?: QrChannel }): Promise<QrResult> {
    return this.pick(req.outTradeNo, req.channel).refund(req);
  }

  async precreate(req: QrPrecreateRequest & { channel?: QrChannel }): Promise<QrPrecreateResult> {
    if (!req.channel) throw new QrChannelError('FAIL', 'CHANNEL_REQUIRED', 'precreate needs a channel');
    this.seen.set(req.outTradeNo, req.channel);
    return this.pick(req.outTradeNo, req.channel).precreate(req);
  }

  private pick(outTradeNo: string, channel: QrChannel | undefined): QrChannelClient {
    const ch = channel ?? this.seen.get(outTradeNo);
    if (!ch) throw new QrChannelError('FAIL', 'CHANNEL_REQUIRED', `which channel was ${outTradeNo} paid through? pass it`);
    const client = this.clients[ch];
    if (!client) throw new QrChannelError('FAIL', 'CHANNEL_NOT_CONFIGURED', `no ${ch} channel is configured`);
    return client;
  }
}
