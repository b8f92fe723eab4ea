import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onScreenFormProblem, type Material } from '../../../../contract/catalog.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';

/**
 * A form marked 现场填写, filled on the kiosk's screen: choices as large buttons, text and digits on the
 * on-screen keyboard. What is filled joins the package as data (no photo of a paper form).
 */
export function OnScreenForm({
  material,
  onDone,
  onBack,
}: {
  material: Material & { onScreenForm: NonNullable<Material['onScreenForm']> };
  onDone: (values: Record<string, string>) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const fields = material.onScreenForm.fields;
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (id: string, value: string) => setValues((current) => ({ ...current, [id]: value }));
  const complete = onScreenFormProblem(fields, values) === undefined;
  return (
    <div className="o2o-onscreen-form" role="group" aria-labelledby="o2o-form-title" data-testid="onscreen-form">
      <h3 id="o2o-form-title">
        {t('o2o.apply.fillingIn')} <span lang="zh-CN">{material.name}</span>
      </h3>
      {fields.map((field) => (
        <div key={field.id} className="o2o-field" data-testid="form-field" data-field={field.id}>
          {field.kind === 'choice' ? (
            <fieldset className="o2o-choice">
              <legend lang="zh-CN">
                {field.label}
                {!field.required && <span className="o2o-muted"> {t('o2o.apply.optional')}</span>}
              </legend>
              {field.options!.map((option) => (
                <button
                  key={option}
                  type="button"
                  lang="zh-CN"
                  aria-pressed={values[field.id] === option}
                  data-testid="form-choice"
                  onClick={() => set(field.id, option)}
                >
                  {option}
                </button>
              ))}
            </fieldset>
          ) : (
            <>
              <label htmlFor={`o2o-form-${field.id}`} lang="zh-CN">
                {field.label}
                {!field.required && <span className="o2o-muted"> {t('o2o.apply.optional')}</span>}
              </label>
              <KeyboardInput
                id={`o2o-form-${field.id}`}
                data-testid={`form-input-${field.id}`}
                value={values[field.id] ?? ''}
                maxLength={field.maxLength ?? 200}
                {...(field.kind === 'digits' ? { inputMode: 'numeric' as const } : {})}
                onValueChange={(value) => set(field.id, value)}
              />
            </>
          )}
        </div>
      ))}
      <div className="o2o-actions">
        <button type="button" className="o2o-button" data-testid="form-back" onClick={onBack}>
          {t('o2o.apply.backToList')}
        </button>
        <button type="button" className="o2o-button primary" data-testid="form-done" disabled={!complete} onClick={() => onDone(values)}>
          {t('o2o.apply.formDone')}
        </button>
      </div>
    </div>
  );
}
