/** A bell: the same sign on the kiosk's button and the counter's banner. Decorative; the words carry the meaning. */
export function AssistIcon() {
  return (
    <svg className="assist-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a1.5 1.5 0 0 1 1.5 1.5v.7A6.5 6.5 0 0 1 18.5 10.5v4.3l1.8 2.4a1 1 0 0 1-.8 1.6h-15a1 1 0 0 1-.8-1.6l1.8-2.4v-4.3a6.5 6.5 0 0 1 5-6.3v-.7A1.5 1.5 0 0 1 12 2Zm-2.5 18h5a2.5 2.5 0 0 1-5 0Z"
      />
    </svg>
  );
}
