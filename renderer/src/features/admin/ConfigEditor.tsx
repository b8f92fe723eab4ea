import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';

/** The terminal's configuration as JSON, checked by the host before it is saved. */
export function ConfigEditor({ client, config }: { client: HallHostClient; config: Record<string, unknown> }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(config, null, 2));
  const [problems, setProblems] = useState<string[]>([]);
  const [note, setNote] = useState('');

  const send = async (dryRun: boolean) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      setProblems([`JSON: ${(error as Error).message}`]);
      return;
    }
    const result = await client.call('admin.saveConfig', { config: parsed, dryRun });
    if (!result.ok) return setProblems([result.error.message]);
    setProblems(result.value.problems);
    setNote(result.value.saved ? t('admin.configSaved') : result.value.valid ? t('admin.configValid') : '');
  };

  return (
    <div className="config-editor">
      <textarea
        dir="ltr"
        data-testid="admin-config-editor"
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        rows={18}
        aria-label={t('admin.config')}
      />
      <div className="config-actions">
        <button type="button" data-testid="admin-config-check" onClick={() => void send(true)}>
          {t('admin.checkConfig')}
        </button>
        <button type="button" data-testid="admin-config-save" onClick={() => void send(false)}>
          {t('admin.saveConfig')}
        </button>
        <span data-testid="admin-config-note">{note}</span>
      </div>
      {problems.length > 0 && (
        <ul className="config-problems" role="alert" data-testid="admin-config-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
