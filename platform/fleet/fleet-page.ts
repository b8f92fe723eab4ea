import type { FleetTerminal } from '../../contract/fleet.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE = `body{font-family:'Noto Sans CJK SC',system-ui,sans-serif;margin:1.5em;color:#16202c}
table{border-collapse:collapse;width:100%}th,td{padding:.5em .7em;border-bottom:1px solid #dde3ea;text-align:left;vertical-align:top}
.critical{color:#b3261e;font-weight:700}.warning{color:#a35a00}.ok{color:#1b7f3b}.muted{color:#4a5563}`;

/** The hall's terminals and their alerts, refreshed every few seconds by the browser itself. */
export function renderFleetPage(terminals: FleetTerminal[], now: Date, refreshSeconds: number): string {
  const rows = terminals
    .map((t) => {
      const hb = t.heartbeat;
      const devices = hb ? hb.devices.map((d) => `${escape(d.kind)} ${escape(d.id)}: ${escape(d.state)}`).join('<br>') : '';
      const alerts = t.alerts.length
        ? t.alerts.map((a) => `<div class="${a.severity}" data-alert="${a.kind}">${escape(a.message)}</div>`).join('')
        : '<span class="ok">OK</span>';
      return `<tr data-terminal="${escape(t.terminalId)}"><td>${escape(t.terminalId)}<div class="muted">${hb ? `${escape(hb.role)} · ${escape(hb.version)}` : ''}</div></td>
<td>${t.lastSeenAt ? escape(t.lastSeenAt) : '<span class="muted">never</span>'}</td><td>${devices}</td>
<td>${hb ? `${escape(hb.connectivity)} · ${hb.pendingCount} pending` : ''}</td><td>${alerts}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${refreshSeconds}">
<title>Hall terminals</title><style>${STYLE}</style></head><body>
<h1>Hall terminals</h1><p class="muted">As of ${escape(now.toISOString())} · refreshes every ${refreshSeconds} s</p>
<table><thead><tr><th>Terminal</th><th>Last heartbeat</th><th>Devices</th><th>Sync</th><th>Alerts</th></tr></thead>
<tbody>${rows}</tbody></table></body></html>`;
}
