import { createContext, useContext } from 'react';

/** Whether this citizen's session is in elder mode; screens adapt (fewer things per screen, read aloud). */
export const ElderModeContext = createContext(false);
export const useIsElder = () => useContext(ElderModeContext);
