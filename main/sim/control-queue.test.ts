import { describe, expect, it } from 'vitest';
import type { TransactionRequest } from '../../drivers/terminal/model';
import { ControlQueue } from './control-queue';

const req = (kind: TransactionRequest['kind']): TransactionRequest => ({ kind, amountFen: 100, orderNo: 'o', tender: 'card' });

describe('ControlQueue', () => {
  it('hands queued outcomes to sales only, in order, and merges a queued fault into the same sale', () => {
    const q = new ControlQueue();
    q.queueOutcome('51');
    q.queueOutcome('05', 2);
    q.queueFault('lateReply');
    expect(q.nextStep(req('signIn'))).toBeUndefined();
    expect(q.nextStep(req('sale'))).toEqual({ responseCode: '51', faults: ['lateReply'] });
    expect(q.nextStep(req('qrSale'))).toEqual({ responseCode: '05', faults: [] });
    expect(q.snapshot()).toEqual({ outcomes: ['05'], faults: [] });
    q.clear();
    expect(q.nextStep(req('sale'))).toBeUndefined();
  });

  it("a fault targeted at 'any' lands on the next transaction whatever its kind", () => {
    const q = new ControlQueue();
    q.queueFault('functionNotEnabled', 1, 'any');
    q.queueFault('appKilled', 1, 'sale');
    expect(q.nextStep(req('query'))).toEqual({ faults: ['functionNotEnabled'] });
    expect(q.nextStep(req('query'))).toBeUndefined();
    expect(q.nextStep(req('sale'))).toEqual({ faults: ['appKilled'] });
  });
});
