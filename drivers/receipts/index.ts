// Every slip the terminals print, one layout per file: the queue ticket, the application and decision
// receipts, the receipt-width service guide, the personal code and the proxy point's day report.
// Printers print documents (bytes); which document and what it says is decided here.
export { applicationReceiptBytes } from './application-receipt.js';
export { dayReportBytes } from './day-report.js';
export { guideReceiptBytes } from './guide-slip.js';
export { textColumns, titleLine } from './layout.js';
export { personalCodeSlipBytes } from './personal-code-slip.js';
export { queueTicketBytes } from './queue-ticket.js';
