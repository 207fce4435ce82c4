/**
 * Scanner layer: keyboard-wedge burst detection (renderer), serial scanners (main),
 * camera frames, code classification and the calibration wizard's logic.
 */
export type { AimId } from './aim';
export { parseAim } from './aim';
export type { BurstDetectorOptions, DetectorOutput, KeyFlags, KeyResult, SuffixKey } from './burst-detector';
export {
  BurstDetector,
  DEFAULT_BURST_OPTIONS,
  DEFAULT_END_TIMEOUT_MS,
  DEFAULT_MAX_INTER_KEY_MS,
  DEFAULT_MIN_LENGTH,
  isPrintableKey,
} from './burst-detector';
export type { CalibrationReport, RecordedKey, TimingStats } from './calibration';
export { analyzeCalibration, CALIBRATION_LABEL } from './calibration';
export type { CameraDecodeOptions, CameraDecodeResult, CameraFormat } from './camera-decode';
export { CAMERA_FORMATS, CameraDecoder, decodeFrame } from './camera-decode';
export { gs1CheckDigit, priceCheckDigit } from './check-digit';
export type { ClassifierOptions, MemberCardRule, PaymentWallet, ProductSymbology, ScanClass } from './classifier';
export { classifyScan, DEFAULT_MAX_SCAN_LENGTH, ScanClassifier, upcEToUpcA } from './classifier';
export type { Gs1Data, Gs1Field } from './gs1';
export { GS, parseGs1 } from './gs1';
export type { LayoutId } from './keyboard-layouts';
export { LAYOUT_NAMES, remapLayout, typeThroughLayout } from './keyboard-layouts';
export type { LineEvent, LineSplitterOptions, LineTerminator, ScannerEncoding } from './line-splitter';
export { LineSplitter } from './line-splitter';
export type { SerialScan, SerialScannerError, SerialScannerOptions } from './serial-scanner';
export { SerialScanner } from './serial-scanner';
export type { VariableMeasure, VariableMeasureLayout } from './variable-measure';
export { DEFAULT_VARIABLE_MEASURE_LAYOUTS, SCALE_LAYOUTS } from './variable-measure';
export type { KeydownLike, WedgeControllerOptions } from './wedge-controller';
export { WedgeController } from './wedge-controller';
