// Public surface of the second-generation ID-card reader driver.
export { IdCardReader, type IdCardReaderEvents, type IdCardReaderOptions } from './reader.js';
export { switchBaudRate, type BaudSwitchOptions } from './baud-switch.js';
export { SamCommands } from './sam-commands.js';
export { SamChannel } from './sam-channel.js';
export type { IdCardReading } from './card-reading.js';
export { DEFAULT_TIMEOUTS, ID_CARD_ERROR_CODES, type CommandTimeouts, type IdCardError, type IdCardErrorCode, type IdCardResult } from './sam-commands.js';
export { NO_WLT_DECODER, looksLikeWlt, type PhotoDecodeResult, type WltDecoder } from './photo.js';
export { describeSw3, SW3, type Sw3Description } from './status-codes.js';
export { IdCardSimulator, NO_FAULTS, type IdCardSimulatorOptions, type SimulatorFaults } from './simulator/simulator.js';
export { buildSimulatedCard, encodeCardText, type CardTextInput, type SimulatedCard } from './simulator/card-builder.js';
export { TEST_CARD_NAMES, testCard, type TestCardName } from './simulator/test-cards.js';
export { createSerialIdCardReader, createSimulatedIdCardReader, IdCardReaderConfigOptions, registerIdCardDrivers } from './register.js';
