/**
 * The store's own stored-value member cards (预付卡), kept in SQLite. Every balance
 * move carries the leg's reference (unique), so a charge interrupted by a crash is
 * resolved by looking for its move: found means approved, absent means nothing moved.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { fenToYuan } from '../../../drivers/shared/money';
import type { StoredValueCard } from '../../../preload/contract';
import { ApiFailure } from '../../contract/errors';
import type { Db } from '../../db/open';
import type { Leg, LegInput, LegOutcome, TenderPort } from './port';

interface CardRow {
  card_no: string;
  holder: string;
  balance_fen: number;
  pin_hash: string | null;
  status: 'active' | 'frozen';
}

/** scrypt with a per-card salt: a stolen database does not give the PINs away cheaply. */
function hashPin(cardNo: string, pin: string): string {
  return scryptSync(pin, `posdesk-sv:${cardNo}`, 32).toString('hex');
}

export class StoredValue {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  get(cardNo: string): StoredValueCard {
    const r = this.row(cardNo);
    return { cardNo: r.card_no, holder: r.holder, balanceFen: r.balance_fen, hasPin: r.pin_hash !== null, status: r.status };
  }

  issue(cardNo: string, holder: string, pin?: string): StoredValueCard {
    const exists = this.db.prepare('SELECT 1 FROM stored_value_cards WHERE card_no = ?').get(cardNo);
    if (exists) throw new ApiFailure('CONFLICT', `储值卡 ${cardNo} 已存在 / card already issued`, 'cardNo');
    this.db
      .prepare('INSERT INTO stored_value_cards (card_no, holder, balance_fen, pin_hash, created_at) VALUES (?, ?, 0, ?, ?)')
      .run(cardNo, holder, pin ? hashPin(cardNo, pin) : null, this.now().toISOString());
    return this.get(cardNo);
  }

  topUp(cardNo: string, amountFen: number, ref: string): StoredValueCard {
    this.move(cardNo, 'topUp', amountFen, ref);
    return this.get(cardNo);
  }

  /** Applies one balance move in its own transaction; a repeated ref is a no-op (idempotent). */
  move(cardNo: string, kind: 'topUp' | 'charge' | 'refund', amountFen: number, ref: string): number {
    return this.db.transaction(() => {
      const seen = this.db.prepare<[string], { balance_after_fen: number }>('SELECT balance_after_fen FROM stored_value_moves WHERE ref = ?').get(ref);
      if (seen) return seen.balance_after_fen;
      const card = this.row(cardNo);
      const delta = kind === 'charge' ? -amountFen : amountFen;
      const after = card.balance_fen + delta;
      if (after < 0) throw new ApiFailure('CONFLICT', `余额不足：¥${fenToYuan(card.balance_fen)} / insufficient balance`);
      this.db.prepare('UPDATE stored_value_cards SET balance_fen = ? WHERE card_no = ?').run(after, cardNo);
      this.db
        .prepare('INSERT INTO stored_value_moves (card_no, kind, amount_fen, balance_after_fen, ref, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(cardNo, kind, amountFen, after, ref, this.now().toISOString());
      return after;
    })();
  }

  hasMove(ref: string): boolean {
    return this.db.prepare('SELECT 1 FROM stored_value_moves WHERE ref = ?').get(ref) !== undefined;
  }

  checkPin(cardNo: string, pin: string | undefined): boolean {
    const r = this.row(cardNo);
    if (r.pin_hash === null) return true;
    if (!pin) return false;
    const a = Buffer.from(hashPin(cardNo, pin), 'hex');
    const b = Buffer.from(r.pin_hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private row(cardNo: string): CardRow {
    const r = this.db.prepare<[string], CardRow>('SELECT * FROM stored_value_cards WHERE card_no = ?').get(cardNo);
    if (!r) throw new ApiFailure('NOT_FOUND', `没有储值卡 ${cardNo} / no such card`, 'cardNo');
    return r;
  }
}

export class StoredValuePort implements TenderPort {
  readonly tender = 'storedValue' as const;

  constructor(private readonly sv: StoredValue) {}

  async charge(leg: Leg, input: LegInput): Promise<LegOutcome> {
    const cardNo = String(input.cardNo ?? '');
    let card: StoredValueCard;
    try {
      card = this.sv.get(cardNo);
    } catch (err) {
      return { state: 'declined', detail: err instanceof Error ? err.message : String(err) };
    }
    if (card.status !== 'active') return { state: 'declined', detail: `储值卡已冻结 / card ${cardNo} is frozen` };
    if (!this.sv.checkPin(cardNo, input.pin === undefined ? undefined : String(input.pin))) {
      return { state: 'declined', detail: '密码错误 / wrong PIN', data: { cardNo: maskCard(cardNo) } };
    }
    if (card.balanceFen < leg.amountFen) {
      return { state: 'declined', detail: `余额不足 ¥${fenToYuan(card.balanceFen)} / insufficient balance`, data: { cardNo: maskCard(cardNo) } };
    }
    const after = this.sv.move(cardNo, 'charge', leg.amountFen, leg.legRef);
    return { state: 'approved', detail: `stored value charged, balance ${after}`, data: { cardNo, cardMasked: maskCard(cardNo), balanceAfterFen: after } };
  }

  async resolve(leg: Leg): Promise<LegOutcome> {
    return this.sv.hasMove(leg.legRef)
      ? { state: 'approved', detail: 'the balance move was found: the charge went through' }
      : { state: 'closed', detail: 'no balance move: nothing was charged' };
  }

  async undo(leg: Leg, reason: string): Promise<LegOutcome> {
    const cardNo = String(leg.data.cardNo ?? '');
    this.sv.move(cardNo, 'refund', leg.amountFen, `${leg.legRef}U`);
    return { state: 'reversed', detail: `refunded to card (${reason})` };
  }

  async refund(leg: Leg, amountFen: number, refundRef: string): Promise<LegOutcome> {
    this.sv.move(String(leg.data.cardNo ?? ''), 'refund', amountFen, refundRef);
    return { state: 'approved', detail: `refunded ${amountFen} to card` };
  }
}

/** Member card numbers are shown as 1234****5678 on screens and receipts. */
export function maskCard(cardNo: string): string {
  return cardNo.length <= 8 ? cardNo : `${cardNo.slice(0, 4)}${'*'.repeat(cardNo.length - 8)}${cardNo.slice(-4)}`;
}
