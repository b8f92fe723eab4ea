// The service catalog (事项清单) as the platform publishes it to terminals in the `catalog` dataset.
// Pure schemas: the platform validates its seed with them, the terminal validates what it pulled.
import { z } from 'zod';

export const CATALOG_DATASET = 'catalog';

/** Life events (一件事) the kiosk groups items by; an item may belong to several. */
export const LIFE_EVENTS = [
  'birth',
  'school',
  'work',
  'business',
  'marriage',
  'housing',
  'health',
  'retirement',
  'elderly',
  'disability',
  'travel',
  'death',
] as const;
export const LifeEvent = z.enum(LIFE_EVENTS);
export type LifeEvent = z.infer<typeof LifeEvent>;

/** How far an item can be done online (网办深度), from "come in person" to "fully online". */
export const ONLINE_DEPTHS = ['in-person', 'online-apply', 'online-review', 'fully-online'] as const;
export const OnlineDepth = z.enum(ONLINE_DEPTHS);

/** A field of a form the citizen fills on the kiosk's screen (现场填写): written text, digits, or one of a few choices. */
export const FormField = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    label: z.string().min(1).max(40),
    kind: z.enum(['text', 'digits', 'choice']),
    /** For `choice`: what may be chosen, as large buttons. */
    options: z.array(z.string().min(1).max(40)).min(2).max(8).optional(),
    required: z.boolean(),
    maxLength: z.number().int().min(1).max(200).optional(),
  })
  .refine((field) => (field.kind === 'choice') === (field.options !== undefined), {
    message: 'a choice field lists its options, and only a choice field does',
    path: ['options'],
  });
export type FormField = z.infer<typeof FormField>;

/** The value of each field of an on-screen form, checked against its fields; undefined when it passes. */
export function onScreenFormProblem(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
): { field: string; problem: 'missing' | 'not-an-option' | 'not-digits' | 'too-long' | 'unknown' } | undefined {
  for (const id of Object.keys(values)) if (!fields.some((f) => f.id === id)) return { field: id, problem: 'unknown' };
  for (const field of fields) {
    const value = (values[field.id] ?? '').trim();
    if (!value) {
      if (field.required) return { field: field.label, problem: 'missing' };
      continue;
    }
    if (field.kind === 'choice' && !field.options!.includes(value)) return { field: field.label, problem: 'not-an-option' };
    if (field.kind === 'digits' && !/^\d+$/.test(value)) return { field: field.label, problem: 'not-digits' };
    if ([...value].length > (field.maxLength ?? 200)) return { field: field.label, problem: 'too-long' };
  }
  return undefined;
}

/** How a form filled on screen travels in the package: a JSON part of its own type, encrypted like every part. */
export const ON_SCREEN_FORM_MEDIA_TYPE = 'application/vnd.hall.form+json';
export const OnScreenFormData = z.object({ material: z.string(), fields: z.array(z.object({ id: z.string(), label: z.string(), value: z.string() })) });
export type OnScreenFormData = z.infer<typeof OnScreenFormData>;

export const Material = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1),
  form: z.enum(['original', 'copy', 'original-and-copy']),
  count: z.number().int().min(1).max(20),
  format: z.enum(['paper', 'electronic', 'paper-or-electronic']),
  /** The platform can fetch it from the electronic license library (电子证照), so it need not be brought. */
  electronicLicense: z.boolean(),
  required: z.boolean(),
  note: z.string().optional(),
  /** A form filled on the kiosk's screen (现场填写): its fields join the package as data instead of a photo. */
  onScreenForm: z.object({ fields: z.array(FormField).min(1).max(20) }).optional(),
});
export type Material = z.infer<typeof Material>;

export const IdentityCheck = z.enum(['id-card', 'personal-code-and-id-card']);
export type IdentityCheck = z.infer<typeof IdentityCheck>;

export const SpokenForm = z.object({ full: z.string().max(1000), initials: z.string().max(500) });

export const CatalogItem = z.object({
  /** Standard implementation code (实施编码); the dataset key. */
  code: z.string().regex(/^[0-9A-Z]{8,40}$/),
  name: z.string().min(2),
  department: z.string().min(2),
  /** Kind of power (行政许可, 公共服务, 行政给付, 行政确认, …). */
  kind: z.string().min(2),
  legalBasis: z.array(z.string().min(2)).min(1),
  conditions: z.array(z.string().min(2)).min(1),
  materials: z.array(Material).min(1),
  steps: z.array(z.string().min(2)).min(1),
  /** Working days. */
  legalTimeLimitDays: z.number().int().min(0),
  promisedTimeLimitDays: z.number().int().min(0),
  fee: z.string().min(1),
  location: z.string().min(2),
  windows: z.array(z.string().min(1)).min(1),
  onlineDepth: OnlineDepth,
  lifeEvents: z.array(LifeEvent).min(1),
  /** Words citizens use for it ("社保卡" for 社会保障卡申领, "办身份证"). */
  synonyms: z.array(z.string().min(1)),
  /** Increases whenever the platform changes the item. */
  revision: z.number().int().min(1),
  /**
   * How a kiosk makes sure the applicant is the card's holder. Sensitive items (money paid to the
   * person, personal records) take the personal code (反向扫码) printed at a counter after an ID
   * check together with the card: a found or stolen card alone is not enough.
   */
  identityCheck: IdentityCheck.default('id-card'),
  /**
   * Full pinyin and pinyin initials (lower case, letters and digits only) of the name and of each
   * synonym in order, computed by the platform when it publishes the item: a terminal's search
   * index then converts nothing. A terminal converts what an item lacks.
   */
  spoken: z
    .object({
      name: SpokenForm,
      synonyms: z.array(SpokenForm),
    })
    .optional(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

/** What a search result shows; the full item is fetched when the citizen opens it. */
export const CatalogHit = CatalogItem.pick({
  code: true,
  name: true,
  department: true,
  lifeEvents: true,
  onlineDepth: true,
  promisedTimeLimitDays: true,
}).extend({
  /** Why it matched, for the screen to say "matched 拼音 sbk". */
  matchedBy: z.enum(['name', 'pinyin', 'initials', 'synonym', 'life-event', 'department', 'code']),
});
export type CatalogHit = z.infer<typeof CatalogHit>;
