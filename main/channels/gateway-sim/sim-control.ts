/**
 * The simulator's control surface, in-process (GatewaySim.control) and over HTTP under
 * /_sim/* for benches in other processes: script the next outcomes, inject faults, change
 * timings and payer levels, let a customer scan a C扫B code, read trades and statements.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayEngine, SimAnswer, SimRules } from './engine';
import { SIM_OUTCOMES, type SimFault, type SimOutcome } from './outcomes';
import type { PbocLevel } from './pboc-limits';
import type { SimContext } from './sim-context';
import type { SimChannel, SimTrade } from './sim-trade';
import { type AlipayBill, buildAlipayBill } from './statements/alipay-bill';
import { buildWechatBill, type WechatBillType } from './statements/wechat-bill';

export interface GatewaySimControl {
  /** The next `times` pay requests (either channel) get this outcome instead of the amount table's. */
  nextOutcome(outcome: SimOutcome, times?: number): void;
  /** The next matching request(s) fail this way. */
  injectFault(fault: Partial<SimFault> & Pick<SimFault, 'kind'>, times?: number): void;
  /** Shorthand: the next pay waits for the password and the customer confirms just as the reverse/cancel lands. */
  payAtLastMoment(): void;
  setRules(patch: Partial<SimRules>): void;
  rules(): Readonly<SimRules>;
  setPayerLevel(prefix: string, level: PbocLevel): void;
  /** A customer scans a C扫B code; `payerCode` says who (a payment code of theirs). */
  scan(channel: SimChannel, outTradeNo: string, payerCode: string): SimAnswer;
  trades(): SimTrade[];
  trade(channel: SimChannel, outTradeNo: string): SimTrade | undefined;
  wechatBill(billDate: string, billType?: WechatBillType): string | undefined;
  alipayBill(billDate: string): AlipayBill;
  /** Forget every trade and queued outcome/fault (rules stay). */
  reset(): void;
}

export function createControl(ctx: SimContext, engine: GatewayEngine, clearStore: () => void): GatewaySimControl {
  return {
    nextOutcome: (outcome, times = 1) => engine.queueOutcome(outcome, times),
    injectFault: (f, times = 1) => {
      const fault: SimFault = { kind: f.kind, api: f.api ?? 'any', delayMs: f.delayMs ?? engine.rules.slowMs };
      if (f.processed !== undefined) fault.processed = f.processed;
      engine.queueFault(fault, times);
    },
    payAtLastMoment: () => engine.queueOutcome('PAY_AT_LAST_MOMENT'),
    setRules: (patch) => {
      Object.assign(engine.rules, patch);
    },
    rules: () => ({ ...engine.rules, payerLevels: [...engine.rules.payerLevels] }),
    setPayerLevel: (prefix, level) => {
      engine.rules.payerLevels = [...engine.rules.payerLevels.filter((r) => r.prefix !== prefix), { prefix, level }];
    },
    scan: (channel, outTradeNo, payerCode) => engine.scan(channel, outTradeNo, payerCode),
    trades: () => engine.trades(),
    trade: (channel, outTradeNo) => engine.trade(channel, outTradeNo),
    wechatBill: (billDate, billType = 'ALL') =>
      buildWechatBill(engine.trades(), { billDate, billType, appId: ctx.wechat.appId, mchId: ctx.wechat.mchId }),
    alipayBill: (billDate) => buildAlipayBill(engine.trades(), { billDate, pid: ctx.alipay.pid, exportedAt: engine.now() }),
    reset: () => {
      engine.clearQueues();
      clearStore();
    },
  };
}

const apiEnum = z.enum(['pay', 'query', 'reverse', 'refund', 'precreate', 'bill', 'any']);
const outcomeBody = z.object({ outcome: z.enum(SIM_OUTCOMES as [SimOutcome, ...SimOutcome[]]), times: z.number().int().min(1).max(1000).optional() });
const faultBody = z.object({
  kind: z.enum(['noAnswer', 'http500', 'slow']),
  api: apiEnum.optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  processed: z.boolean().optional(),
  times: z.number().int().min(1).max(1000).optional(),
});
const rulesBody = z
  .object({
    userPayingMs: z.number().int().min(0),
    autoCloseMs: z.number().int().min(0),
    precreateExpireMs: z.number().int().min(0),
    reverseMinDelayMs: z.number().int().min(0),
    slowMs: z.number().int().min(0),
    amountRules: z.boolean(),
    singleUseAuthCodes: z.boolean(),
    defaultLevel: z.enum(['A', 'B', 'C', 'D']),
    payerLevels: z.array(z.object({ prefix: z.string(), level: z.enum(['A', 'B', 'C', 'D']) })),
  })
  .partial()
  .strict();
const scanBody = z.object({ channel: z.enum(['wechat', 'alipay']), outTradeNo: z.string().min(1), payerCode: z.string().min(1) });

/** HTTP control routes; `token`, when set, must come in the x-sim-token header. */
export function registerControlRoutes(app: FastifyInstance, control: GatewaySimControl, token: string | undefined): void {
  app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (token !== undefined && request.headers['x-sim-token'] !== token) {
        await reply.code(401).send({ error: 'x-sim-token header missing or wrong' });
      }
    });
    const bad = (issues: z.ZodError) => ({ error: issues.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    scope.post('/_sim/outcome', async (request, reply) => {
      const b = outcomeBody.safeParse(request.body);
      if (!b.success) return reply.code(400).send(bad(b.error));
      control.nextOutcome(b.data.outcome, b.data.times);
      return { ok: true };
    });
    scope.post('/_sim/fault', async (request, reply) => {
      const b = faultBody.safeParse(request.body);
      if (!b.success) return reply.code(400).send(bad(b.error));
      const { times, ...fault } = b.data;
      control.injectFault(fault, times);
      return { ok: true };
    });
    scope.post('/_sim/rules', async (request, reply) => {
      const b = rulesBody.safeParse(request.body);
      if (!b.success) return reply.code(400).send(bad(b.error));
      const patch: Partial<SimRules> = {};
      for (const [k, v] of Object.entries(b.data)) if (v !== undefined) Object.assign(patch, { [k]: v });
      control.setRules(patch);
      return control.rules();
    });
    scope.post('/_sim/scan', async (request, reply) => {
      const b = scanBody.safeParse(request.body);
      if (!b.success) return reply.code(400).send(bad(b.error));
      const a = control.scan(b.data.channel, b.data.outTradeNo, b.data.payerCode);
      return a.ok ? { ok: true, trade: a.trade } : reply.code(409).send({ ok: false, error: a.error });
    });
    scope.get('/_sim/trades', async () => control.trades());
    scope.post('/_sim/reset', async () => {
      control.reset();
      return { ok: true };
    });
  });
}
