/**
 * Printer models as data (one JSON file each, beside this file), validated once at load.
 *
 * Each file says what PosDesk needs to encode for that printer — paper widths in dots, font A/B
 * columns, the Chinese encodings its font speaks (none: CJK goes as raster), the code table,
 * cutter and drawer — and, under `sources`, where each of those facts comes from. A fact that
 * is not public is written "modelled: …" so QA knows which numbers to check on real paper.
 * A model whose columns disagree with its dots is refused here, not discovered on a receipt.
 */
import { z } from 'zod';
import { FONT_A_CELL, FONT_B_CELL } from '../profile';
import epsonTmT20 from './epson-tm-t20.json';
import epsonTmT82 from './epson-tm-t82.json';
import epsonTmT88 from './epson-tm-t88.json';
import gprinterGp58 from './gprinter-gp-58.json';
import gprinterGp80 from './gprinter-gp-80.json';
import starTsp100 from './star-tsp100.json';
import sunmi58 from './sunmi-58.json';
import sunmi80 from './sunmi-80.json';
import xprinterXp58 from './xprinter-xp-58.json';
import xprinterXp80 from './xprinter-xp-80.json';

const encoding = z.enum(['GB18030', 'GBK', 'Big5', 'ascii']);
const pulse = z.object({ pin: z.union([z.literal(2), z.literal(5)]), onMs: z.number().int().min(2).max(510), offMs: z.number().int().min(2).max(510) });
/** A citation (a URL, a repository path, a reference file) or "modelled: why". */
const source = z.string().min(12);

export const printerModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{3,40}$/),
    vendor: z.string().min(1),
    name: z.string().min(1),
    /** What PosDesk sends it. 'esc-pos-emulation': a printer whose own language is another one. */
    language: z.enum(['esc-pos', 'esc-pos-emulation']),
    nativeLanguage: z.string().optional(),
    /** The paper widths it takes; the first is its usual one. */
    paper: z
      .array(
        z.object({
          widthMm: z.union([z.literal(58), z.literal(80)]),
          dpi: z.number().int().min(150).max(300),
          widthDots: z.number().int().min(192).max(832),
          columns: z.object({ A: z.number().int().min(16), B: z.number().int().min(16) }),
        }),
      )
      .min(1),
    /** Encodings its Chinese font prints natively; empty when it has none. */
    encodings: z.array(encoding.exclude(['ascii'])),
    defaultEncoding: encoding,
    cjk: z.enum(['native', 'raster']),
    codePage: z.number().int().min(0).max(255).optional(),
    /** false: a tear bar only. */
    cutter: z.union([z.literal(false), z.object({ feedLines: z.number().int().min(0).max(10) })]),
    /** null: no drawer connector. */
    drawer: pulse.nullable(),
    /** Whether its firmware starts in Kanji (two-byte) mode; the virtual printer copies it. */
    kanjiAtPowerOn: z.boolean(),
    quirks: z.array(z.string().min(1)),
    sources: z.record(z.string(), source),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [i, p] of m.paper.entries()) {
      if (p.columns.A !== Math.floor(p.widthDots / FONT_A_CELL.width) || p.columns.B !== Math.floor(p.widthDots / FONT_B_CELL.width)) {
        ctx.addIssue({ code: 'custom', path: ['paper', i, 'columns'], message: `${p.widthDots} dots hold ${Math.floor(p.widthDots / 12)} / ${Math.floor(p.widthDots / 9)} columns` });
      }
    }
    if (m.cjk === 'native' && m.encodings.length === 0) ctx.addIssue({ code: 'custom', path: ['cjk'], message: 'native CJK needs a Chinese encoding' });
    if (m.defaultEncoding !== 'ascii' && !m.encodings.includes(m.defaultEncoding)) {
      ctx.addIssue({ code: 'custom', path: ['defaultEncoding'], message: 'must be one of encodings (or ascii)' });
    }
    const facts = ['language', 'paper', 'columns', 'encodings', 'cjk', 'cutter', 'drawer', 'kanjiAtPowerOn'];
    if (m.codePage !== undefined) facts.push('codePage');
    if (m.nativeLanguage !== undefined) facts.push('nativeLanguage');
    for (const f of facts) if (!(f in m.sources)) ctx.addIssue({ code: 'custom', path: ['sources', f], message: `say where "${f}" comes from (or "modelled: …")` });
  });

export type PrinterModel = z.infer<typeof printerModelSchema>;

const FILES: Record<string, unknown> = {
  'epson-tm-t88.json': epsonTmT88,
  'epson-tm-t20.json': epsonTmT20,
  'epson-tm-t82.json': epsonTmT82,
  'xprinter-xp-58.json': xprinterXp58,
  'xprinter-xp-80.json': xprinterXp80,
  'gprinter-gp-58.json': gprinterGp58,
  'gprinter-gp-80.json': gprinterGp80,
  'star-tsp100.json': starTsp100,
  'sunmi-58.json': sunmi58,
  'sunmi-80.json': sunmi80,
};

function load(): PrinterModel[] {
  return Object.entries(FILES).map(([file, json]) => {
    const parsed = printerModelSchema.safeParse(json);
    if (!parsed.success) {
      throw new TypeError(`printer model ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    if (`${parsed.data.id}.json` !== file) throw new TypeError(`printer model ${file}: id "${parsed.data.id}" does not match its file name`);
    return parsed.data;
  });
}

export const PRINTER_MODELS: readonly PrinterModel[] = load();

export function findPrinterModel(id: string): PrinterModel | undefined {
  return PRINTER_MODELS.find((m) => m.id === id);
}
