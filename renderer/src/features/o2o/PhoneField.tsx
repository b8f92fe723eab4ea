import { isMobileNumber } from '../../../../contract/phone-number.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';

/**
 * The applicant's phone on an application form (kiosk and proxy point): digits from the on-screen
 * keyboard, marked personal for remote help (masked for the clerk) and fillable by the clerk.
 */
export function PhoneField(props: { id: string; testId: string; label: string; invalidText: string; value: string; onChange: (phone: string) => void }) {
  const { id, testId, label, invalidText, value, onChange } = props;
  return (
    <div className="o2o-field">
      <label htmlFor={id}>{label}</label>
      <KeyboardInput
        id={id}
        data-testid={testId}
        data-rh-field="phone"
        data-rh-label={label}
        data-rh-personal="phone"
        data-rh-fillable=""
        inputMode="numeric"
        maxLength={11}
        value={value}
        onValueChange={onChange}
      />
      {value && !isMobileNumber(value) && <span className="o2o-error">{invalidText}</span>}
    </div>
  );
}
