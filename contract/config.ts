import { DEFAULT_WITHDRAW_WINDOW_MINUTES } from './case.js';
import { z } from 'zod';
import { IceServerConfig } from './live-help.js';
import { DeviceKind } from './devices.js';
import { Language } from './languages.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, at most 63 characters');

export const TERMINAL_ROLES = ['kiosk', 'counter', 'display', 'proxy-point'] as const;
export const TerminalRole = z.enum(TERMINAL_ROLES);
export type TerminalRole = z.infer<typeof TerminalRole>;

export const DeviceTransport = z.discriminatedUnion('type', [
  /** A simulator that speaks the device's real protocol, started by the host. */
  z.object({ type: z.literal('simulated') }).strict(),
  z.object({ type: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(115200) }).strict(),
  z
    .object({
      type: z.literal('hid'),
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff),
      path: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535) }).strict(),
  /** A printer device file such as /dev/usb/lp0. */
  z.object({ type: z.literal('usb-printer'), path: z.string().min(1) }).strict(),
  /** A scanner typing into the renderer as a keyboard; detected by keystroke timing there. */
  z.object({ type: z.literal('keyboard-wedge') }).strict(),
  /** A UVC camera reached by the renderer through getUserMedia. */
  z.object({ type: z.literal('uvc'), label: z.string().optional() }).strict(),
]);
export type DeviceTransport = z.infer<typeof DeviceTransport>;

export const DeviceConfig = z
  .object({
    id: Identifier,
    kind: DeviceKind,
    transport: DeviceTransport,
    /** Device-specific settings (printer profile, scanner terminator, …), validated by the driver. */
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const SyncSettings = z
  .object({
    /** How often an idle, in-sync terminal checks the platform; also bounds how fast "offline" shows. */
    pollIntervalMs: z.number().int().min(500).max(3_600_000).default(3000),
    /** Longest wait between retries while the platform is unreachable. */
    backoffMaxMs: z.number().int().min(1000).max(3_600_000).default(15_000),
    /** Personal data of records the platform confirmed is purged from the terminal after this. */
    retentionHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .default(24 * 7),
    /** How often the terminal reports its health (devices, backlog, disk) to the platform's fleet page. */
    heartbeatSeconds: z.number().min(1).max(3600).default(60),
    /**
     * The one-time code an administrator issued for this terminal (`hallctl platform terminal add`):
     * the terminal trades it for its own credential once. The embedded platform needs none.
     */
    enrolmentCode: z
      .string()
      .regex(/^[0-9A-Za-z -]{16,24}$/, 'the 16-character code from `hallctl platform terminal add`')
      .optional(),
  })
  .strict();
export type SyncSettings = z.infer<typeof SyncSettings>;

export const AdminSettings = z
  .object({
    /** scrypt hash of the admin PIN (`hallctl admin hash-pin`); without it the host generates a PIN file. */
    pinHash: z
      .string()
      .regex(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/, 'use `hallctl admin hash-pin` to make one')
      .optional(),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    lockoutMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(5),
    /** The admin session ends after this long without use. */
    idleMinutes: z.number().min(1).max(120).default(5),
  })
  .strict();
export type AdminSettings = z.infer<typeof AdminSettings>;

export const QueueTerminalSettings = z
  .object({
    /** The counter this terminal calls for (role counter), as named in the hall's queue configuration. */
    counterId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/)
      .optional(),
    /** Queue prefixes a kiosk keeps a leased block of numbers for, to issue tickets while offline. */
    leasePrefixes: z.array(z.string().regex(/^[A-Z]$/)).default([]),
    /**
     * A 5-key evaluator that types as a USB keyboard: the KeyboardEvent.key of each button, from
     * 非常满意 to 非常不满意. No public evaluator protocol exists (UNCONFIRMED), so the keys are configured.
     */
    evaluatorKeys: z.array(z.string().min(1)).length(5).optional(),
    /** A hall display's spoken calls; false makes this display silent (silent calling: number and masked name only). */
    voice: z.boolean().default(true),
    /** WebRTC ICE servers for remote help (远程帮办): none on the hall LAN (host candidates); a TURN server for village links. */
    iceServers: z.array(IceServerConfig).max(8).default([]),
  })
  .strict();
export type QueueTerminalSettings = z.infer<typeof QueueTerminalSettings>;

export const SessionSettings = z
  .object({
    /** No touch for this long and a citizen's session is about to be wiped: a countdown offers more time. */
    idleSeconds: z.number().int().min(5).max(3600).default(90),
    /** How long the "do you need more time?" countdown runs before the wipe. */
    countdownSeconds: z.number().int().min(3).max(300).default(20),
  })
  .strict();
export type SessionSettings = z.infer<typeof SessionSettings>;

export const ON_SCREEN_KEYBOARD_SETTINGS = ['auto', 'always', 'never'] as const;
export const OnScreenKeyboardSetting = z.enum(ON_SCREEN_KEYBOARD_SETTINGS, {
  error: () => "must be 'auto' (shown on kiosks and proxy points), 'always' or 'never'",
});
export type OnScreenKeyboardSetting = z.infer<typeof OnScreenKeyboardSetting>;

/** Whether text fields get the on-screen keyboard on a terminal of this role. */
export function showsOnScreenKeyboard(setting: OnScreenKeyboardSetting, role: TerminalRole): boolean {
  return setting === 'always' || (setting === 'auto' && (role === 'kiosk' || role === 'proxy-point'));
}

/** Where the embedded platform serves the phone pages: 'auto' (the first non-internal IPv4), 'off', or an IP address of this machine. */
export const PhonePagesAddress = z.union([z.enum(['auto', 'off']), z.ipv4(), z.ipv6()], {
  error: () => "must be 'auto', 'off' or an IP address of this machine on the hall LAN",
});

export const TerminalConfig = z
  .object({
    hallId: Identifier,
    /** The hall's name per language, on every slip and header (e.g. {"zh-CN": "西湖区政务服务中心", "en": "Xihu District Service Centre"}). */
    hallName: z.partialRecord(Language, z.string().trim().min(1).max(60)).optional(),
    terminalId: Identifier,
    role: TerminalRole,
    /** 'embedded' runs the reference platform inside the host, for a hall on one machine. */
    platformUrl: z.union([z.literal('embedded'), z.url({ protocol: /^https?$/ })]),
    languages: z.array(Language).min(1),
    defaultLanguage: Language,
    devices: z.array(DeviceConfig),
    sync: SyncSettings.default(SyncSettings.parse({})),
    admin: AdminSettings.default(AdminSettings.parse({})),
    session: SessionSettings.default(SessionSettings.parse({})),
    /**
     * Where citizens' phones open the public pages: `<publicBaseUrl>/guide/<item code>` and
     * `<publicBaseUrl>/track/<tracking code>` (the government service site, not the LAN platform).
     * Without it slips carry no QR and say where to look instead.
     */
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !isLoopbackUrl(url), 'must be an address a phone can open (not this machine)')
      .optional(),
    /**
     * A CJK font file (OTF, TTF or TTC) for the PDF of forms filled on screen (现场填写); Debian's
     * fonts-noto-cjk by default. A form its characters are missing from is refused, never printed as boxes.
     */
    formPdfFont: z.string().min(1).max(500).optional(),
    /**
     * Minutes after submitting during which the applicant may withdraw a case no clerk has accepted
     * (撤回; the national elder-friendly web specification's ten minutes). 0 offers no withdrawal. The
     * platform has its own window (`--withdraw-window`) and the last word.
     */
    withdrawWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(DEFAULT_WITHDRAW_WINDOW_MINUTES),
    /**
     * With `platformUrl: embedded`: where phones on the hall Wi-Fi open the live ticket (/t/…) and the
     * photo page (/p/…) — those public pages only, everything else stays on 127.0.0.1. `address`:
     * 'auto' (the machine's first non-internal IPv4), an IP address of this machine, or 'off'.
     */
    phonePages: z
      .object({
        address: PhonePagesAddress.default('auto'),
        // 0: any free port (tests); a fixed one keeps printed QR codes and the firewall rule good across restarts.
        port: z.number().int().min(0).max(65_535).default(8740),
      })
      .strict()
      .default({ address: 'auto', port: 8740 }),
    /** The hall queue service on the LAN; the platform (or the embedded one) when absent. */
    hallServiceUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Hall queue settings of this terminal (a counter terminal names its counter). */
    queue: QueueTerminalSettings.default(QueueTerminalSettings.parse({})),
    /** The on-screen keyboard under text fields: 'auto' shows it on kiosks and proxy points (touch screens). */
    onScreenKeyboard: OnScreenKeyboardSetting.default('auto'),
    /**
     * Allows a plain-http platform on another machine (a hall LAN without TLS). Everything the
     * terminal sends and fetches, updates included, can then be read and changed on the LAN: admin
     * mode shows it as a warning.
     */
    allowInsecureLan: z.boolean().default(false),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.languages.includes(config.defaultLanguage)) {
      ctx.addIssue({ code: 'custom', path: ['defaultLanguage'], message: `must be one of languages (${config.languages.join(', ')})` });
    }
    if (config.platformUrl !== 'embedded' && !config.allowInsecureLan && isPlainHttpOffMachine(config.platformUrl)) {
      ctx.addIssue({
        code: 'custom',
        path: ['platformUrl'],
        message: 'a platform on another machine must use https: (or set allowInsecureLan: true for a hall LAN without TLS)',
      });
    }
    const seen = new Set<string>();
    config.devices.forEach((device, index) => {
      if (seen.has(device.id)) ctx.addIssue({ code: 'custom', path: ['devices', index, 'id'], message: `duplicate device id "${device.id}"` });
      seen.add(device.id);
    });
  });
export type TerminalConfig = z.infer<typeof TerminalConfig>;
export type TerminalConfigInput = z.input<typeof TerminalConfig>;

/** The host part of an http(s) URL, lower-case, IPv6 without brackets; undefined if there is none. */
function hostOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return match?.[1]?.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Loopback: this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host));
}

/** A plain-http URL that leaves this machine. */
export function isPlainHttpOffMachine(url: string): boolean {
  return /^http:/i.test(url) && !isLoopbackUrl(url);
}

export const CONFIG_WARNINGS = ['insecure-lan'] as const;
export type ConfigWarning = (typeof CONFIG_WARNINGS)[number];

/** What admin mode warns about in a configuration that is valid but weakened; empty when none. */
export function configWarnings(config: TerminalConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  if (config.platformUrl !== 'embedded' && config.allowInsecureLan && isPlainHttpOffMachine(config.platformUrl)) warnings.push('insecure-lan');
  return warnings;
}

/** With no config file: a complete kiosk on this machine, every device simulated, platform embedded. */
export const DEFAULT_CONFIG: TerminalConfigInput = {
  hallId: 'demo-hall',
  hallName: { 'zh-CN': '示范政务服务大厅', 'zh-HK': '示範政務服務大廳', en: 'Demo Government Service Hall', ug: 'ئۈلگە ھۆكۈمەت مۇلازىمەت زالى' },
  terminalId: 'kiosk-01',
  role: 'kiosk',
  platformUrl: 'embedded',
  languages: ['zh-CN', 'zh-HK', 'en', 'ug'],
  defaultLanguage: 'zh-CN',
  devices: [
    { id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' } },
    { id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } },
    { id: 'printer', kind: 'printer', transport: { type: 'simulated' } },
  ],
};

/** Renders zod issues as "devices.1.transport.path: Required" lines that name the bad field. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

/**
 * The hall's name in a language: that language's, else Chinese, else any configured, else the hall id.
 * Slips are printed in Chinese (the printers' GB18030 text), so they ask for zh-CN.
 */
export function hallNameIn(config: { hallId: string; hallName?: Partial<Record<Language, string>> | undefined }, language: Language): string {
  const names = config.hallName ?? {};
  return names[language] ?? names['zh-CN'] ?? names['zh-HK'] ?? Object.values(names).find((name) => name) ?? config.hallId;
}
