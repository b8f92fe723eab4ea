// What the product takes as a mainland mobile number (SMS reminders, call backs, application forms):
// one rule for the digit pads' checks and the schemas that guard the host and the platform.
import { z } from 'zod';

const MOBILE = /^1\d{10}$/;

export const isMobileNumber = (phone: string): boolean => MOBILE.test(phone);

export const MobileNumber = z.string().regex(MOBILE, 'an 11-digit mobile number');
