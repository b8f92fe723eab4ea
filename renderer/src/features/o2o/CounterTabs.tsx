import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.js';
import './o2o.css';

export interface CounterPanel {
  id: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  Component: ComponentType<ScreenProps>;
  /** Drawn in the tab beside its label while another tab is open (e.g. how many requests wait there). */
  Badge?: ComponentType<ScreenProps>;
}

/**
 * The counter screen with extra panels as tabs: the role's own screen stays first and untouched,
 * other features (一窗受理, …) add a tab through COUNTER_PANELS in the screen registry.
 */
export function withCounterPanels(
  Base: ComponentType<ScreenProps> | undefined,
  baseLabelKey: string,
  panels: readonly CounterPanel[],
): ComponentType<ScreenProps> {
  const tabs: CounterPanel[] = [...(Base ? [{ id: 'main', labelKey: baseLabelKey, Component: Base }] : []), ...panels];
  function CounterWithPanels(props: ScreenProps) {
    const { t } = useTranslation();
    const [active, setActive] = useState(tabs[0]?.id);
    const Current = tabs.find((tab) => tab.id === active)?.Component;
    return (
      <div className="o2o-counter-tabs">
        {tabs.length > 1 && (
          <div className="o2o-tabbar" role="tablist">
            {tabs.map((tab) => (
              <button
                key={tab.id}
                type="button"
                role="tab"
                aria-selected={tab.id === active}
                className="o2o-tab"
                data-testid={`counter-tab-${tab.id}`}
                onClick={() => setActive(tab.id)}
              >
                {t(tab.labelKey)}
                {tab.Badge && <tab.Badge {...props} />}
              </button>
            ))}
          </div>
        )}
        <div role="tabpanel">{Current && <Current {...props} />}</div>
      </div>
    );
  }
  return CounterWithPanels;
}
