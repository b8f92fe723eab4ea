// SW3 (reader/SAM status) values of the SAM_V protocol, reference §1.5.

export const SW3 = {
  success: 0x90,
  noContent: 0x91,
  cardFound: 0x9f,
  requestChecksumError: 0x10,
  requestLengthError: 0x11,
  commandError: 0x21,
  unauthorisedOperation: 0x23,
  unrecognisedError: 0x24,
  cardRejectedReader: 0x31,
  readerRejectedCard: 0x32,
  verificationError: 0x33,
  unknownCardType: 0x40,
  cardReadFailed: 0x41,
  randomNumberFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  findFailed: 0x80,
  selectFailed: 0x81,
} as const;

export interface Sw3Description {
  sw3: number;
  /** Stable machine code for logs, results and the UI's translations. */
  code: string;
  message: string;
}

const TABLE: ReadonlyArray<[number, string, string]> = [
  [SW3.success, 'success', 'Success'],
  [SW3.noContent, 'no-content', 'The card holds nothing for this item (e.g. no additional address)'],
  [SW3.cardFound, 'card-found', 'Find card succeeded'],
  [SW3.requestChecksumError, 'request-checksum-error', 'The reader received a frame with a bad checksum'],
  [SW3.requestLengthError, 'request-length-error', 'The reader received a frame with a bad length'],
  [SW3.commandError, 'command-error', 'Command error (bad values or an illogical combination)'],
  [SW3.unauthorisedOperation, 'unauthorised-operation', 'Unauthorised operation'],
  [SW3.unrecognisedError, 'unrecognised-error', 'Unrecognised error'],
  [SW3.cardRejectedReader, 'card-rejected-reader', 'The card failed to authenticate the SAM/reader'],
  [SW3.readerRejectedCard, 'reader-rejected-card', 'The SAM/reader failed to authenticate the card'],
  [SW3.verificationError, 'verification-error', 'Information verification error'],
  [SW3.unknownCardType, 'unknown-card-type', 'Wrong or unrecognised card type'],
  [SW3.cardReadFailed, 'card-read-failed', 'Card read failed'],
  [SW3.randomNumberFailed, 'random-number-failed', 'Random-number fetch failed'],
  [SW3.samSelfTestFailed, 'sam-self-test-failed', 'SAM self-test failed; it accepts no commands'],
  [SW3.samNotAuthorised, 'sam-not-authorised', 'SAM/reader not authorised'],
  [SW3.findFailed, 'find-failed', 'Find card failed (no card)'],
  [SW3.selectFailed, 'select-failed', 'Select card failed'],
];

const BY_SW3 = new Map(TABLE.map(([sw3, code, message]) => [sw3, { sw3, code, message }]));

export const KNOWN_SW3_VALUES: readonly number[] = TABLE.map(([sw3]) => sw3);

export function describeSw3(sw3: number): Sw3Description {
  return BY_SW3.get(sw3) ?? { sw3, code: 'unknown-status', message: `Unknown reader status 0x${sw3.toString(16).padStart(2, '0')}` };
}

/** The SAM itself is unusable: the device is in fault until a status check succeeds again. */
export function isSamFault(sw3: number): boolean {
  return sw3 === SW3.samSelfTestFailed || sw3 === SW3.samNotAuthorised;
}
