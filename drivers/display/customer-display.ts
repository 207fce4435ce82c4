/**
 * CustomerDisplay: what the counter tells the customer's pole display, over any Transport.
 *
 * One class for both families: an LED8N numeric display shows the amount and lights the
 * matching lamp (单价/总计/收款/找零); a DM-D 2 x 20 text display shows a label line and a
 * right-aligned amount line. Encoders are pure (led8n.ts, dmd.ts); this class only writes.
 */
import type { Transport } from '../transport/transport';
import { concat, type DmdEncoding, dmdClear, dmdInit, dmdTwoLines, DMD_COLUMNS } from './dmd';
import { fenToYuan } from '../shared/money';
import { type Lamp, type LampForm, led8nClear, led8nInit, led8nLamp, led8nShow } from './led8n';
import { padStartToWidth } from '../printer/text-width';

export type DisplayModel = 'led8n' | 'dmd';

export interface CustomerDisplayOptions {
  model: DisplayModel;
  /** DM-D only: GB18030 (default) or ascii for a display without a CJK font. */
  encoding?: DmdEncoding;
  /** LED8N only: ASCII or binary n in `ESC s n` (see led8n.ts). */
  lampForm?: LampForm;
}

/** Line-1 labels of the text display, Chinese for GB18030 displays, English for ASCII ones. */
export const DISPLAY_LABELS: Record<Lamp, { zh: string; en: string }> = {
  price: { zh: '单价 Price', en: 'PRICE' },
  total: { zh: '总计 Total', en: 'TOTAL' },
  paid: { zh: '收款 Paid', en: 'PAID' },
  change: { zh: '找零 Change', en: 'CHANGE' },
};

/** The amount line of the text display, e.g. "RMB 12.34" right-aligned. */
export function amountText(amountFen: number): string {
  return padStartToWidth(`RMB ${fenToYuan(amountFen)}`, DMD_COLUMNS);
}

export class CustomerDisplay {
  readonly #transport: Transport;
  readonly #options: Required<CustomerDisplayOptions>;

  constructor(transport: Transport, options: CustomerDisplayOptions) {
    this.#transport = transport;
    this.#options = { encoding: 'GB18030', lampForm: 'ascii', ...options };
  }

  get model(): DisplayModel {
    return this.#options.model;
  }

  /** `ESC @`: reset and blank; call once after opening the port. */
  async init(): Promise<void> {
    await this.#write(this.#options.model === 'led8n' ? led8nInit() : dmdInit());
  }

  showPrice(amountFen: number): Promise<void> {
    return this.#amount('price', amountFen);
  }

  showTotal(amountFen: number): Promise<void> {
    return this.#amount('total', amountFen);
  }

  showPaid(amountFen: number): Promise<void> {
    return this.#amount('paid', amountFen);
  }

  showChange(amountFen: number): Promise<void> {
    return this.#amount('change', amountFen);
  }

  async clear(): Promise<void> {
    if (this.#options.model === 'led8n') await this.#write(concat([led8nClear(), led8nLamp(null, this.#options.lampForm)]));
    else await this.#write(dmdClear());
  }

  /**
   * Idle text. A 7-segment LED8N has no letters, so there it blanks the digits and lamps;
   * a text display shows `text` on line 1 and `line2` (default blank) on line 2.
   */
  async welcome(text: string, line2 = ''): Promise<void> {
    if (this.#options.model === 'led8n') {
      await this.clear();
      return;
    }
    await this.#write(dmdTwoLines(text, line2, this.#options.encoding));
  }

  /** The exact bytes `show*` would send, for the device doctor and tests. */
  encodeAmount(lamp: Lamp, amountFen: number): Uint8Array {
    if (this.#options.model === 'led8n') {
      return concat([led8nShow(fenToYuan(amountFen)), led8nLamp(lamp, this.#options.lampForm)]);
    }
    const label = DISPLAY_LABELS[lamp];
    return dmdTwoLines(this.#options.encoding === 'ascii' ? label.en : label.zh, amountText(amountFen), this.#options.encoding);
  }

  #amount(lamp: Lamp, amountFen: number): Promise<void> {
    return this.#write(this.encodeAmount(lamp, amountFen));
  }

  async #write(bytes: Uint8Array): Promise<void> {
    await this.#transport.write(bytes);
  }
}
