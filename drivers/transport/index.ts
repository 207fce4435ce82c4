/**
 * Transports: the one I/O surface drivers see (see transport.ts for the contract).
 * Exports everything below; import from the individual files for a smaller bundle.
 */
export * from './transport';
export { createMemoryPair, MemoryTransport } from './memory';
export { SerialTransport, type SerialOptions, serialErrorToTransportError } from './serial';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TCP_HOST, TcpTransport, type TcpOptions } from './tcp';
export { listenTcp, type TcpServerHandle, type TcpServerOptions } from './tcp-server';
export { UsbTransport, type UsbOptions, type WebUsbDeviceLike, type WebUsbLike, usbErrorToTransportError } from './usb';
export { hasSocat, openPtyPair, type PtyPair, type PtyPairOptions } from './pty-pair';
export { Listeners } from './listeners';
