import { ReceiptWriter } from '../escpos/writer';
import type { PrinterProfile } from '../profile';
import { columnsFor } from '../profile';
import { parseOrThrow, printerProfileSchema } from './common';

/**
 * Self-test page: shows the profile, a ruler, a CJK line, bold/size/invert, a barcode, a QR.
 * `notes` (settings the model's data file doubts) are printed under the profile, where the
 * cashier who just changed them looks.
 */
export function encodeTestPage(profile: PrinterProfile, title = 'PosDesk 打印测试', notes: string[] = []): Uint8Array {
  const p = parseOrThrow(printerProfileSchema, profile, 'printer profile');
  const w = new ReceiptWriter(p);
  const cols = columnsFor(p);
  w.line(title, { align: 'center', bold: true, width: 2, height: 2 });
  w.rule('=');
  if (p.model) w.pair('型号 Model', p.model);
  w.pair('纸宽 Width', `${p.widthMm}mm / ${cols} cols`);
  w.pair('编码 Encoding', p.encoding);
  w.pair('中文 CJK', p.cjkMode);
  w.pair('切刀 Cutter', p.cut ? 'yes' : 'no');
  for (const n of notes) w.wrap(`注意: ${n}`);
  w.rule();
  // A column ruler: every tenth column numbered, so a misaligned font shows at a glance.
  let ruler = '';
  for (let i = 1; i <= cols; i++) ruler += i % 10 === 0 ? String((i / 10) % 10) : '.';
  w.line(ruler);
  w.line('中文测试：收银小票 ￥12.34 ×2');
  w.line('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十');
  w.line('Bold 粗体', { bold: true });
  w.line('Double 倍宽', { width: 2 });
  w.line(' Invert 反白 ', { invert: true });
  w.line('Underline 下划线', { underline: 1 });
  w.barcode('EAN13', '6901234567892', { height: 60 });
  w.barcode('CODE128', 'POSDESK-128', { height: 60 });
  w.qr('https://posdesk.example/test?中文=1', { moduleSize: 5 });
  w.cut();
  return w.bytes();
}
