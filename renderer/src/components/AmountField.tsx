import { parseYuan } from '../../../drivers/shared/money';

/** A yuan amount input that works in fen; Enter submits. */
export function AmountField(props: {
  label: string;
  text: string;
  onText: (t: string) => void;
  onEnter?: (fen: number | null) => void;
  testId: string;
  autoFocus?: boolean;
}) {
  return (
    <label className="row big">
      <span>{props.label}</span>
      <input
        data-testid={props.testId}
        className="num money-input"
        inputMode="decimal"
        value={props.text}
        autoFocus={props.autoFocus}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => props.onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onEnter?.(parseYuan(e.currentTarget.value));
          }
        }}
      />
    </label>
  );
}

