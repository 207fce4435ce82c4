/**
 * The store's side of store-and-forward, as the counter sees it: events are appended
 * in the same transaction as the change they report (outbox.record), the sync worker
 * forwards them when an HQ is configured, and the queue's status (online, pending,
 * oldest age, caps, quarantine) plus which tenders work offline is pushed to the UI.
 */
import type { QueueStatus } from '../../preload/contract';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { appendEvent } from './append-event';
import { tenderAvailability } from './offline-policy';
import { PENDING_COUNT_SQL } from './outbox-repo';
import { SyncWorker } from './sync-worker';
import type { NewOutboxEvent, QueueStatus as WorkerStatus } from './types';

export interface QueueConfig {
  hqUrl: string | undefined;
  storeId: string;
  token: string | undefined;
  caps: { maxEvents: number; maxAgeMs: number };
}

export class QueueService {
  private readonly worker: SyncWorker | undefined;
  private terminalLinkUp: boolean | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly cfg: QueueConfig,
    log: Logger,
  ) {
    if (cfg.hqUrl) {
      this.worker = new SyncWorker({ db, hqUrl: cfg.hqUrl, storeId: cfg.storeId, token: cfg.token, caps: cfg.caps, log });
      this.worker.onStatus(() => this.bus.emit('queue.changed', this.status()));
    }
  }

  start(): void {
    this.worker?.start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
  }

  /** Appends one event (built in projections.ts); call inside the transaction of the change it reports. */
  record(e: NewOutboxEvent): void {
    appendEvent(this.db, e);
    this.worker?.nudge();
  }

  setTerminalLink(up: boolean): void {
    this.terminalLinkUp = up;
  }

  status(): QueueStatus {
    const w: WorkerStatus = this.worker?.status() ?? this.localStatus();
    return {
      configured: this.worker !== undefined,
      hqUrl: this.cfg.hqUrl ?? null,
      ...w,
      tenders: this.tenders(w),
    };
  }

  private tenders(w: WorkerStatus): QueueStatus['tenders'] {
    const t = tenderAvailability({ online: w.online, terminalLinkUp: this.terminalLinkUp, capWarning: w.capWarning });
    const one = (k: keyof typeof t) => ({ available: t[k].available, reason: t[k].reason ?? '' });
    return { cash: one('cash'), card: one('card'), qr: one('qr') };
  }

  retry(id: string): QueueStatus {
    this.worker?.retryQuarantined(id);
    return this.status();
  }

  exportQuarantined(): string {
    return this.worker?.exportQuarantined() ?? '';
  }

  /** Without an HQ the outbox still fills (nothing is lost); it is forwarded once one is set. */
  private localStatus(): WorkerStatus {
    const row = this.db
      .prepare<[], { n: number; oldest: number | null }>(PENDING_COUNT_SQL)
      .get();
    return {
      online: null,
      pending: row?.n ?? 0,
      oldestAgeMs: row?.oldest ? Date.now() - row.oldest : 0,
      sentTotal: 0,
      throughputPerMin: 0,
      lastError: null,
      lastSyncAt: null,
      quarantined: [],
      capWarning: null,
    };
  }
}
