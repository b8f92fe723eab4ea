import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { CatalogItem } from '../../../../contract/catalog.js';
import type { HallHostClient } from '../../host/validated-client.js';
import type { TFunction } from 'i18next';
import { CameraCapture } from './CameraCapture.js';
import { OnScreenForm } from './OnScreenForm.js';
import { PhoneUpload } from './PhoneUpload.js';

export type MaterialState = Record<string, 'captured' | 'electronic-license' | 'filled'>;

/** The checklist: each material captured with the document camera or fetched from the e-license library. */
/** With `oneAtATime` (elder mode) only the first material still to do is shown, with where it stands. */
export function MaterialsStep({
  client,
  draftId,
  item,
  state,
  onChange,
  oneAtATime = false,
  onCameraOpen,
}: {
  client: HallHostClient;
  draftId: string;
  item: CatalogItem;
  state: MaterialState;
  onChange: (next: MaterialState) => void;
  oneAtATime?: boolean;
  onCameraOpen?: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const [capturing, setCaptureTarget] = useState<string | null>(null);
  // While the camera is open its own button is the one way back: the step's navigation steps aside.
  const setCapturing = (id: string | null) => {
    setCaptureTarget(id);
    onCameraOpen?.(id !== null);
  };
  const [error, setError] = useState<string | null>(null);
  const [fillingId, setFillingId] = useState<string | null>(null);
  // The form on screen replaces the list, like the camera: its own button is the way back.
  const setFilling = (id: string | null) => {
    setFillingId(id);
    onCameraOpen?.(id !== null);
  };

  const record = async (
    materialId: string,
    input: { source: 'electronic-license' } | { source: 'capture'; imageBase64: string } | { source: 'form'; values: Record<string, string> },
  ) => {
    const result = await client.call(
      'application.material',
      input.source === 'capture'
        ? { draftId, materialId, source: 'capture', mediaType: 'image/jpeg', imageBase64: input.imageBase64 }
        : input.source === 'form'
          ? { draftId, materialId, source: 'form', values: input.values }
          : { draftId, materialId, source: 'electronic-license' },
    );
    if (!result.ok) return setError(hostErrorSentence(t, result.error));
    setError(null);
    onChange({ ...state, [materialId]: input.source === 'capture' ? 'captured' : input.source === 'form' ? 'filled' : 'electronic-license' });
  };

  // 用手机拍照上传 replaces the list too, until the photo is used or the citizen goes back.
  const [phoneId, setPhoneId] = useState<string | null>(null);
  const setPhone = (id: string | null) => {
    setPhoneId(id);
    onCameraOpen?.(id !== null);
  };

  const filling = fillingId ? item.materials.find((m) => m.id === fillingId) : undefined;
  if (filling?.onScreenForm) {
    const form = { ...filling, onScreenForm: filling.onScreenForm };
    return (
      <OnScreenForm
        material={form}
        onBack={() => setFilling(null)}
        onDone={(values) => {
          setFilling(null);
          void record(form.id, { source: 'form', values });
        }}
      />
    );
  }

  const phoneMaterial = phoneId ? item.materials.find((m) => m.id === phoneId) : undefined;
  if (phoneMaterial) {
    return (
      <PhoneUpload
        client={client}
        draftId={draftId}
        materialId={phoneMaterial.id}
        materialName={phoneMaterial.name}
        onBack={() => setPhone(null)}
        onUsed={() => {
          setPhone(null);
          setError(null);
          onChange({ ...state, [phoneMaterial.id]: 'captured' });
        }}
      />
    );
  }

  if (capturing) {
    return (
      <CameraCapture
        materialName={item.materials.find((m) => m.id === capturing)?.name ?? ''}
        onCancel={() => setCapturing(null)}
        onUse={(shot) => {
          const id = capturing;
          setCapturing(null);
          void record(id, { source: 'capture', imageBase64: shot.base64 });
        }}
      />
    );
  }
  const nextToDo = item.materials.findIndex((m) => !state[m.id]);
  const shown = oneAtATime && nextToDo >= 0 ? [item.materials[nextToDo]!] : item.materials;
  return (
    <div>
      {error && (
        <p className="o2o-error" role="alert">
          {error}
        </p>
      )}
      {oneAtATime && nextToDo >= 0 && (
        <p className="o2o-muted" data-testid="material-progress">
          {t('o2oIdentity.materialProgress', { current: nextToDo + 1, total: item.materials.length })}
        </p>
      )}
      <ul className="o2o-checklist">
        {shown.map((m) => (
          <li key={m.id} className="o2o-check" data-testid="material" data-material={m.id} data-state={state[m.id] ?? 'missing'}>
            <div>
              <strong>{m.name}</strong> <span className="o2o-muted">{m.required ? t('o2o.apply.required') : t('o2o.apply.optional')}</span>
              {state[m.id] && <div className="o2o-ok">{materialDone(t, state[m.id]!)}</div>}
            </div>
            <div className="o2o-actions">
              {m.onScreenForm && (
                <button type="button" className="o2o-button primary" data-testid="material-fill" onClick={() => setFilling(m.id)}>
                  {state[m.id] === 'filled' ? t('o2o.apply.refill') : t('o2o.apply.fillOnScreen')}
                </button>
              )}
              <button type="button" className="o2o-button" data-testid="material-capture" onClick={() => setCapturing(m.id)}>
                {state[m.id] === 'captured' ? t('o2o.apply.retake') : t('o2o.apply.capture')}
              </button>
              <button type="button" className="o2o-button" data-testid="material-phone" onClick={() => setPhone(m.id)}>
                {t('phoneUpload.button')}
              </button>
              {m.electronicLicense && (
                <button
                  type="button"
                  className="o2o-button"
                  data-testid="material-elicense"
                  onClick={() => void record(m.id, { source: 'electronic-license' })}
                >
                  {t('o2o.apply.eLicense')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the checklist says of a material that is done. */
export function materialDone(t: TFunction, done: MaterialState[string]): string {
  return done === 'captured' ? t('o2o.apply.captured') : done === 'filled' ? t('o2o.apply.filled') : t('o2o.apply.eLicenseDone');
}
