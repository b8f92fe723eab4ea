import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MirroredField } from '../../../../contract/live-help.js';
import { HELP_STEPS, type HelpStep } from '../../../../contract/remote-help.js';
import { TILE_IDS, type TileId } from '../../app/tiles.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useLiveCall, useStreamRef } from './use-live-call.js';
import './remote-help-live.css';

/** The kiosk's screens (its tiles) and the apply flow's steps have words already (the help requests name the steps too). */
const isTile = (screen: string): screen is TileId => (TILE_IDS as readonly string[]).includes(screen);
const isHelpStep = (step: string): step is HelpStep => (HELP_STEPS as readonly string[]).includes(step);

/** The clerk's side of a live call on the 帮办席 tab: video, the citizen's screen as data, pointing and filling. */
export function AssistDeskCall({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [state, live] = useLiveCall(client);
  const remote = useStreamRef(state.remoteStream);
  const local = useStreamRef(state.localStream);
  const call = state.view?.party === 'clerk' ? state.view.call : null;
  if (!call) return null;
  const media = state.bytesReceived > 0;
  const screen = state.screen;
  return (
    <section className="rh-live rh-live-clerk" data-testid="assist-desk-call" data-media={media ? 'flowing' : 'waiting'} aria-labelledby="rh-desk-call-title">
      <h3 id="rh-desk-call-title">
        {t('liveHelp.deskFrom', { terminal: call.terminalId })} ·{' '}
        <span data-testid="assist-desk-media">{media ? t('liveHelp.mediaUp') : t('liveHelp.connecting')}</span>
      </h3>
      <div className="rh-clerk-grid">
        <div className="rh-clerk-media">
          <div className="rh-live-videos">
            <video ref={remote} className="rh-live-remote" autoPlay playsInline aria-label={t('liveHelp.remoteVideo')} />
            <video ref={local} className="rh-live-local" autoPlay playsInline muted aria-label={t('liveHelp.localVideo')} />
          </div>
          {state.mediaError && <p className="o2o-error">{t('liveHelp.mediaError')}</p>}
          <div className="rh-live-actions">
            <button type="button" className="o2o-button danger" data-testid="assist-desk-hangup" onClick={() => void live.hangup()}>
              {t('liveHelp.hangup')}
            </button>
          </div>
        </div>
        <div className="rh-clerk-screen">
          <h4>{t('liveHelp.citizenScreen')}</h4>
          {!screen ? (
            <p className="o2o-muted">{t('liveHelp.noScreenYet')}</p>
          ) : (
            <div data-testid="assist-desk-screen" data-screen={screen.screen} data-step={screen.step ?? ''}>
              <dl className="o2o-facts">
                <dt>{t('liveHelp.screenLabel')}</dt>
                <dd>{isTile(screen.screen) ? t(`tiles.${screen.screen}.title`) : screen.screen}</dd>
                {screen.item && (
                  <>
                    <dt>{t('liveHelp.itemLabel')}</dt>
                    <dd lang="zh-CN" data-testid="assist-desk-item">
                      {screen.item.name}
                    </dd>
                  </>
                )}
                {screen.step && (
                  <>
                    <dt>{t('liveHelp.stepLabel')}</dt>
                    <dd>{isHelpStep(screen.step) ? t(`remoteHelp.step.${screen.step}`) : screen.step}</dd>
                  </>
                )}
              </dl>
              <p className="o2o-muted">{screen.showPersonal ? t('liveHelp.shownByCitizen') : t('liveHelp.masked')}</p>
              <ul className="rh-desk-fields">
                {screen.fields.map((field) => (
                  <DeskField
                    key={field.id}
                    field={field}
                    onPoint={() => void live.command({ kind: 'highlight', control: field.id })}
                    onFill={(value) => void live.command({ kind: 'fill', field: field.id, value })}
                  />
                ))}
              </ul>
              {screen.controls.length > 0 && (
                <>
                  <h4>{t('liveHelp.controls')}</h4>
                  <ul className="rh-desk-controls">
                    {screen.controls.map((control) => (
                      <li key={control.id}>
                        <button
                          type="button"
                          className="o2o-button"
                          data-testid={`assist-desk-point-${control.id}`}
                          onClick={() => void live.command({ kind: 'highlight', control: control.id })}
                        >
                          {t('liveHelp.pointAt')}: {control.label}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <button type="button" className="o2o-button" onClick={() => void live.command({ kind: 'highlight', control: null })}>
                {t('liveHelp.clearPoint')}
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function DeskField({ field, onPoint, onFill }: { field: MirroredField; onPoint: () => void; onFill: (value: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const inputId = `rh-desk-fill-${field.id}`;
  return (
    <li className="rh-desk-field" data-testid={`assist-desk-field-${field.id}`}>
      <span className="rh-desk-field-label">{field.label}</span>
      <span className="rh-desk-field-value" dir="auto" data-testid={`assist-desk-value-${field.id}`}>
        {field.value}
      </span>
      <button type="button" className="o2o-button" data-testid={`assist-desk-point-${field.id}`} onClick={onPoint}>
        {t('liveHelp.pointAt')}
      </button>
      {field.fillable && (
        <form
          className="rh-desk-fill"
          onSubmit={(e) => {
            e.preventDefault();
            onFill(value);
          }}
        >
          <input
            id={inputId}
            aria-label={t('liveHelp.fillValue', { field: field.label })}
            data-testid={`assist-desk-fill-value-${field.id}`}
            value={value}
            maxLength={500}
            autoComplete="off"
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="o2o-button primary" data-testid={`assist-desk-fill-${field.id}`}>
            {t('liveHelp.fill')}
          </button>
        </form>
      )}
    </li>
  );
}
