/**
 * The renderer's translation tables (renderer/src/i18n): the types already make each table
 * whole; this checks the same at run time (a text computed at load, like the simulator's
 * response codes, is only a `string` to the compiler) and pins how texts are filled.
 */
import { describe, expect, it } from 'vitest';
import { enOf, zhOf } from '../../preload/bilingual';
import { DeviceInfo, PaymentState, Tender } from '../../preload/contract';
import { bilingual, bindT, tr } from '../../renderer/src/i18n/table';
import { commonText } from '../../renderer/src/i18n/tables/common';
import { counterText } from '../../renderer/src/i18n/tables/counter';
import { devicesText } from '../../renderer/src/i18n/tables/devices';
import { journalText } from '../../renderer/src/i18n/tables/journal';
import { queueText } from '../../renderer/src/i18n/tables/queue';
import { reconText } from '../../renderer/src/i18n/tables/recon';
import { settingsText } from '../../renderer/src/i18n/tables/settings';
import { simulatorText } from '../../renderer/src/i18n/tables/simulator';
import { tenderText } from '../../renderer/src/i18n/tables/tenders';

const TABLES = { commonText, counterText, devicesText, journalText, queueText, reconText, settingsText, simulatorText, tenderText };
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation tables', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    it(`${name}: English has exactly the Chinese keys and parameters, no text is empty`, () => {
      const zh = table.zh as Record<string, string>;
      const en = table.en as Record<string, string>;
      expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
      for (const key of Object.keys(zh)) {
        expect(params(en[key]), key).toEqual(params(zh[key]));
        // recon's 笔 has no English counterpart ("1笔" / "1"); every other text says something.
        if (!(name === 'reconText' && key === 'count')) expect(zh[key].trim() && en[key].trim(), key).toBeTruthy();
      }
    });
  }

  it('the tenders are named once, for exactly the contract\'s tenders', () => {
    expect(Object.keys(tenderText.zh).sort()).toEqual([...Tender.options].sort());
  });

  it('every payment state, device status and role has its words', () => {
    const zh = commonText.zh as Record<string, string>;
    for (const s of PaymentState.options) expect(zh[`state.${s}`], s).toBeDefined();
    for (const s of DeviceInfo.shape.status.options) expect(zh[`status.${s}`], s).toBeDefined();
    for (const r of DeviceInfo.shape.role.options) expect(zh[`role.${r}`], r).toBeDefined();
  });

  it('fills parameters, in either language', () => {
    expect(tr(reconText, 'zh', 'lineN', { n: 3 })).toBe('第 3 行');
    expect(tr(reconText, 'en', 'lineN', { n: 3 })).toBe('line 3');
  });

  it('bilingual gives the house form, each half with its half of a bilingual parameter', () => {
    const text = bilingual(counterText, 'payFailed', { detail: '余额不足 / insufficient funds' });
    expect(zhOf(text)).toBe('支付未成功：余额不足');
    expect(enOf(text)).toBe('Payment failed: insufficient funds');
  });

  it('a bound lookup (what useT gives) reads its language, splits core texts, looks up keys from the wire', () => {
    const en = bindT(simulatorText, 'en');
    expect(en.lang).toBe('en');
    expect(en('faultQueued', { fault: 'Bad checksum', times: 2 })).toBe('Fault queued: Bad checksum ×2');
    expect(en.pick('余额不足 / insufficient funds')).toBe('insufficient funds');
    expect(en.or('kind.sale', 'sale')).toBe('Sale');
    expect(en.or('kind.teleport', 'teleport')).toBe('teleport');
    expect(bindT(commonText, 'zh').nameOf({ nameZh: '农夫山泉', nameEn: 'Nongfu Spring' })).toBe('农夫山泉');
    // 'code.*' Chinese is the terminal model's own text.
    expect(bindT(simulatorText, 'zh')('code.51')).toBe('余额不足');
  });
});
