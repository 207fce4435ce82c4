/** Injected at build time from package.json (electron.vite.config.ts `define`); tests run unbuilt. */
declare const __POSDESK_VERSION__: string | undefined;
export const VERSION: string = typeof __POSDESK_VERSION__ === 'string' ? __POSDESK_VERSION__ : '0.0.0-dev';
