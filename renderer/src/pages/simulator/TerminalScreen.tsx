import type { SimState } from '../../../../preload/contract';
import { simulatorText, useT } from '../../i18n';
import { codeText } from './codes';
import { fenToYuan } from '../../../../drivers/shared/money';

/** The terminal drawn like a small POS: dark bezel, its own message big, the amount, the state. */
export function TerminalScreen({ sim }: { sim: SimState }) {
  const t = useT(simulatorText);
  const { screen } = sim;
  const stateName = t.or(`screenState.${screen.state}`, screen.state);
  const code = screen.lastResponseCode;
  const tone = code === undefined ? (screen.state === 'idle' ? 'idle' : screen.state === 'signInRequired' ? 'warn' : 'busy') : code === '00' ? 'ok' : 'bad';
  // A finished transaction reads "00 交易成功": big text is the meaning, the code goes small.
  const big = code !== undefined && screen.message.startsWith(code) ? screen.message.slice(code.length).trim() || screen.message : screen.message;
  // The English page glosses the terminal's own Chinese underneath.
  const english = t.lang === 'en' ? (code !== undefined ? codeText(t, code) : t.or(`gloss.${big}`, big.startsWith(simulatorText.zh['gloss.manual']) ? t('gloss.manual') : '')) : '';
  const working = tone === 'busy';
  const kind = screen.kind ? t.or(`kind.${screen.kind}`, screen.kind) : '';
  return (
    <div className="sim-bezel" data-testid="sim-screen" data-state={screen.state}>
      <div className="sim-bezel-top">
        <span className="sim-brand" title={sim.displayName}>
          {shortName(sim.displayName)}
        </span>
        <span className={`sim-led ${sim.connections > 0 ? 'on' : ''}`} title={sim.connections > 0 ? t('connected') : t('disconnected')} />
      </div>
      <div className={`sim-lcd ${tone}`}>
        <div className="sim-lcd-status">
          <span data-testid="sim-screen-state">{stateName}</span>
          <span>{kind}</span>
        </div>
        <div className={`sim-lcd-message ${big.length > 9 ? 'long' : ''}`} data-testid="sim-screen-message">
          {working && <span className="sim-lcd-spinner" />}
          {big}
        </div>
        {english && <div className="sim-lcd-en">{english}</div>}
        <div className="sim-lcd-amount" data-testid="sim-screen-amount">
          {screen.amountFen !== undefined ? `¥${fenToYuan(screen.amountFen)}` : '\u00a0'}
        </div>
        <div className="sim-lcd-foot">
          <span>{screen.orderNo ? `${t('order')} ${screen.orderNo}` : ''}</span>
          <span>{code !== undefined ? `${t('lastCode')} ${code}` : new Date(screen.at).toLocaleTimeString(t.lang === 'zh' ? 'zh-CN' : 'en-GB')}</span>
        </div>
      </div>
      <div className="sim-keys" aria-hidden="true">
        <span className="sim-key cancel">{t('keyCancel')}</span>
        <span className="sim-key clear">{t('keyClear')}</span>
        <span className="sim-key enter">{t('keyEnter')}</span>
      </div>
    </div>
  );
}

/** "旺POS WangPOS / Weipass (cn.weipass… via a bridge)" -> "旺POS WangPOS / Weipass". */
export function shortName(displayName: string): string {
  return displayName.replace(/\s*[(（].*$/, '') || displayName;
}
