export const TILE_IDS = ['guide', 'apply', 'track', 'ticket', 'appointment', 'evaluate'] as const;
export type TileId = (typeof TILE_IDS)[number];

const paths: Record<TileId, string> = {
  // Simple line icons drawn for this project on a 48×48 grid.
  guide: 'M12 6h18l8 8v28H12zM30 6v8h8M17 22h16M17 29h16M17 36h10',
  apply: 'M8 16h32v24H8zM16 16v-6h16v6M8 24h32M22 24v6h4v-6',
  track: 'M8 8h12v12H8zM28 8h12v12H28zM8 28h12v12H8zM28 28h4v4h-4zM36 36h4v4h-4zM28 36h4M36 28h4',
  ticket: 'M8 12h32v8a4 4 0 0 0 0 8v8H8v-8a4 4 0 0 0 0-8zM20 18v12M26 18v12',
  appointment: 'M8 12h32v28H8zM8 20h32M16 6v10M32 6v10M17 30l5 5 9-10',
  evaluate: 'M24 6l5 11 12 1-9 8 3 12-11-6-11 6 3-12-9-8 12-1z',
};

export function TileIcon({ id }: { id: TileId }) {
  return (
    <svg className="tile-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d={paths[id]} fill="none" stroke="currentColor" strokeWidth="3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
