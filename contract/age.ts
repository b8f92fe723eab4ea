// Age and the elder threshold, decided once: the kiosk's elder-mode offer and the queue's elderly
// priority class must agree on who is an elder.

/** China's Law on the Protection of the Rights and Interests of the Elderly: a citizen of 60 or more. */
export const ELDER_AGE = 60;

/** Whole years between a YYYY-MM-DD birth date and `today`; undefined for an unreadable date. */
export function ageOn(birthDate: string, today: Date): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age -= 1;
  return age >= 0 && age < 150 ? age : undefined;
}

/** Whether a citizen of this age counts as an elder; an unknown age does not. */
export function isElderAge(age: number | undefined): boolean {
  return age !== undefined && age >= ELDER_AGE;
}
