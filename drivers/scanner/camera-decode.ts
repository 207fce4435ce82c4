/**
 * Decode a barcode or QR code from one camera frame (RGBA pixels, as from a canvas
 * ImageData or a video frame copied off-screen) with @zxing/library. Pure: no DOM, no
 * camera access; the renderer grabs frames and calls this (ideally in a worker).
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  RGBLuminanceSource,
} from '@zxing/library';

/** The symbologies a counter meets: goods (EAN/UPC), payment and GS1 codes (QR, Code 128, DataMatrix). */
export const CAMERA_FORMATS = ['QR_CODE', 'EAN_13', 'EAN_8', 'UPC_A', 'UPC_E', 'CODE_128', 'CODE_39', 'ITF', 'DATA_MATRIX', 'PDF_417'] as const;
export type CameraFormat = (typeof CAMERA_FORMATS)[number];

export interface CameraDecodeOptions {
  /** Restrict the search (faster, fewer false reads). Default: all of CAMERA_FORMATS. */
  formats: readonly CameraFormat[];
  /** Spend more time per frame (rotated 1D codes, low contrast). */
  tryHarder: boolean;
}

export interface CameraDecodeResult {
  text: string;
  format: CameraFormat;
}

const FORMAT_IDS: Readonly<Record<CameraFormat, BarcodeFormat>> = {
  QR_CODE: BarcodeFormat.QR_CODE,
  EAN_13: BarcodeFormat.EAN_13,
  EAN_8: BarcodeFormat.EAN_8,
  UPC_A: BarcodeFormat.UPC_A,
  UPC_E: BarcodeFormat.UPC_E,
  CODE_128: BarcodeFormat.CODE_128,
  CODE_39: BarcodeFormat.CODE_39,
  ITF: BarcodeFormat.ITF,
  DATA_MATRIX: BarcodeFormat.DATA_MATRIX,
  PDF_417: BarcodeFormat.PDF_417,
};

/**
 * Reusable decoder: building the reader and its hints once per camera session matters
 * at 10-30 frames per second.
 */
export class CameraDecoder {
  readonly #reader = new MultiFormatReader();

  constructor(options?: Partial<CameraDecodeOptions>) {
    const formats = options?.formats ?? CAMERA_FORMATS;
    if (formats.length === 0) throw new TypeError('formats must name at least one symbology');
    const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, formats.map((f) => FORMAT_IDS[f])]]);
    if (options?.tryHarder === true) hints.set(DecodeHintType.TRY_HARDER, true);
    this.#reader.setHints(hints);
  }

  /** The decoded code, or null when the frame holds no readable code. */
  decode(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): CameraDecodeResult | null {
    const luminance = toLuminance(rgba, width, height);
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
    try {
      const result = this.#reader.decodeWithState(bitmap);
      const format = formatName(result.getBarcodeFormat());
      return format === null ? null : { text: result.getText(), format };
    } catch (error) {
      // "No code in this frame" is the normal case at camera rates, not an error.
      if (error instanceof NotFoundException || error instanceof ChecksumException || error instanceof FormatException) return null;
      throw error;
    } finally {
      this.#reader.reset();
    }
  }
}

/** One-shot convenience (builds a decoder each call). */
export function decodeFrame(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  options?: Partial<CameraDecodeOptions>,
): CameraDecodeResult | null {
  return new CameraDecoder(options).decode(rgba, width, height);
}

function formatName(id: BarcodeFormat): CameraFormat | null {
  return CAMERA_FORMATS.find((f) => FORMAT_IDS[f] === id) ?? null;
}

/**
 * RGBA -> 8-bit luminance (ITU-R BT.601 weights in 10-bit fixed point), compositing
 * transparent pixels onto white as a canvas would show them.
 */
export function toLuminance(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8ClampedArray {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`frame size must be positive integers, got ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`RGBA frame of ${width}x${height} needs ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const y = ((rgba[p] ?? 0) * 306 + (rgba[p + 1] ?? 0) * 601 + (rgba[p + 2] ?? 0) * 117) >> 10;
    const a = rgba[p + 3] ?? 255;
    out[i] = a === 255 ? y : (y * a + 255 * (255 - a)) / 255;
  }
  return out;
}
