/**
 * A printer's settings -> the profile its receipts are encoded with, at print time.
 *
 * The settings name a model (models/*.json) and may override its paper width, encoding, CJK
 * mode and cutter; with no model the generic Chinese printer (DEFAULT_PROFILE) is the base and
 * the paper width picks 384 or 576 dots. An override the model cannot do at all (80 mm paper
 * in a 58 mm printer) is refused with a reason; one it probably cannot do well (Big5 on a GB
 * font, Chinese text on a printer without a Chinese font) is applied with a warning, because
 * the cashier may know the unit better than the data file does.
 */
import { findPrinterModel, type PrinterModel } from './models/catalog';
import { DEFAULT_PROFILE, type PrinterEncoding, type PrinterProfile } from './profile';

/** The printer-related part of a device's stored settings. */
export interface PrinterSettings {
  printerModel?: string;
  paperWidthMm?: 58 | 80;
  encoding?: PrinterEncoding;
  cjkMode?: 'native' | 'raster';
  cutter?: boolean;
}

export interface ResolvedPrinter {
  profile: PrinterProfile;
  model: PrinterModel | null;
  /** Overrides applied against the model's data, in the cashier's words (zh / en). */
  warnings: string[];
  /** Whether the model's firmware starts in Kanji mode (for a virtual printer emulating it). */
  kanjiAtPowerOn: boolean;
}

export class PrinterProfileError extends Error {
  override name = 'PrinterProfileError';
}

export function resolvePrinterProfile(settings: PrinterSettings, base: PrinterProfile = DEFAULT_PROFILE): ResolvedPrinter {
  if (settings.printerModel === undefined) {
    const encoding = settings.encoding ?? base.encoding;
    return {
      profile: {
        ...base,
        widthMm: settings.paperWidthMm ?? base.widthMm,
        encoding,
        // 'ascii' means "no Chinese font": Chinese then goes as images rather than as '?'.
        cjkMode: settings.cjkMode ?? (settings.encoding === 'ascii' ? 'raster' : base.cjkMode),
        cut: settings.cutter ?? base.cut,
        // A different paper than the base's: its dots follow from the width (203 dpi).
        ...(settings.paperWidthMm !== undefined && settings.paperWidthMm !== base.widthMm ? { widthDots: undefined } : {}),
      },
      model: null,
      warnings: [],
      kanjiAtPowerOn: true,
    };
  }
  const model = findPrinterModel(settings.printerModel);
  if (!model) throw new PrinterProfileError(`没有打印机型号 ${settings.printerModel} / unknown printer model "${settings.printerModel}"`);
  const widthMm = settings.paperWidthMm ?? model.paper[0]?.widthMm ?? base.widthMm;
  const paper = model.paper.find((p) => p.widthMm === widthMm);
  if (!paper) {
    const takes = model.paper.map((p) => `${p.widthMm} mm`).join(' / ');
    throw new PrinterProfileError(`${model.vendor} ${model.name} 只能用 ${takes} 纸 / takes ${takes} paper, not ${widthMm} mm`);
  }
  const warnings: string[] = [];
  const encoding = settings.encoding ?? model.defaultEncoding;
  const cjkMode = settings.cjkMode ?? (settings.encoding === 'ascii' ? 'raster' : model.cjk);
  if (encoding !== 'ascii' && cjkMode === 'native') {
    if (model.encodings.length === 0) {
      warnings.push(`该型号没有中文字库，中文会打成乱码：请选"图像" / ${model.name} has no Chinese font: choose raster CJK`);
    } else if (!model.encodings.includes(encoding)) {
      warnings.push(`该型号字库为 ${model.encodings.join('/')}，不是 ${encoding} / the font is ${model.encodings.join('/')}, not ${encoding}`);
    }
  }
  const cut = settings.cutter ?? model.cutter !== false;
  if (cut && model.cutter === false) warnings.push(`该型号没有切刀 / ${model.name} has no cutter: GS V will be ignored`);
  const profile: PrinterProfile = {
    widthMm,
    widthDots: paper.widthDots,
    encoding,
    cjkMode,
    cut,
    model: model.id,
    ...(model.cutter !== false ? { cutFeedLines: model.cutter.feedLines } : {}),
    ...(model.codePage !== undefined ? { codePage: model.codePage } : {}),
    drawer: model.drawer,
  };
  return { profile, model, warnings, kanjiAtPowerOn: model.kanjiAtPowerOn };
}
