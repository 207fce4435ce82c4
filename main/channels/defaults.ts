/**
 * Where the channel clients point when nobody configured a vendor: the local gateway
 * simulator (posdesk gateway-sim --port 8780). A real deployment sets baseUrl/gateway
 * to the vendor's or aggregator's host explicitly.
 */
export const DEFAULT_SIM_PORT = 8780;
export const DEFAULT_SIM_URL = `http://127.0.0.1:${DEFAULT_SIM_PORT}`;
/** The simulator's Alipay OpenAPI gateway path (the real one is /gateway.do too). */
export const ALIPAY_GATEWAY_PATH = '/gateway.do';

/**
 * How long a client waits for an answer. WeChat's micropay can hold the request while
 * its risk engine decides (the docs suggest ~10 s tolerance before treating it as a
 * system error and querying); past this the result is UNKNOWN, never FAIL.
 */
export const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;
