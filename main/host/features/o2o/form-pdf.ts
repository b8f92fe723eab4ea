// A form filled on screen (现场填写), rendered as the A4 PDF a clerk would otherwise have had on paper:
// it joins the package beside the form's data, its hash in the signed manifest. The text is drawn in
// a CJK font embedded (subset) in the PDF; without one that draws every character the PDF is refused
// with a clear error rather than printed as empty boxes.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OnScreenFormData } from '../../../../contract/catalog.js';
import { hallDateTime } from '../../../../contract/local-time.js';

/** The part of fontkit (pdfkit's font engine; it has no types of its own) used here: does a face draw a character. */
interface FontkitFace {
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface Fontkit {
  create(bytes: Uint8Array): FontkitFace | { fonts: FontkitFace[] };
}

/** Debian's fonts-noto-cjk first (the install script adds it), then other common CJK packages. */
export const DEFAULT_CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
];

/** Why no PDF could be made; the message names files and field labels, never what was typed. */
export class FormPdfError extends Error {
  override readonly name = 'FormPdfError';
}

export interface FormPdfContext {
  hallName: string;
  itemName: string;
  terminalId: string;
  /** ISO instant the form was filled, printed in the hall's local time. */
  filledAt: string;
}

export interface FormPdfRenderer {
  render(form: OnScreenFormData, context: FormPdfContext): Promise<Uint8Array>;
}

interface ChosenFont {
  file: string;
  bytes: Buffer;
  /** The face inside a collection (.ttc), by PostScript name; undefined for a single font. */
  face: string | undefined;
}

// Simplified Chinese first: a collection's SC face draws the forms' mainland glyph shapes.
const FACE_PREFERENCE = [/CJKsc|SC\b|GB|Hans/i, /CJK/i];

async function chooseFont(candidates: readonly string[], text: string): Promise<ChosenFont> {
  const { create } = createRequire(import.meta.url)('fontkit') as Fontkit;
  const codePoints = [...new Set([...text].map((c) => c.codePointAt(0)!))].filter((cp) => cp > 0x20);
  const tried: string[] = [];
  for (const file of candidates) {
    if (!existsSync(file)) {
      tried.push(`${file} (missing)`);
      continue;
    }
    const bytes = readFileSync(file);
    let opened;
    try {
      opened = create(bytes);
    } catch {
      tried.push(`${file} (not a font)`);
      continue;
    }
    const faces = 'fonts' in opened ? [...opened.fonts].sort((a, b) => rank(a.postscriptName) - rank(b.postscriptName)) : [opened];
    const face = faces.find((f) => codePoints.every((cp) => f.hasGlyphForCodePoint(cp)));
    if (face) return { file, bytes, face: 'fonts' in opened ? face.postscriptName : undefined };
    tried.push(`${file} (lacks characters of this form)`);
  }
  throw new FormPdfError(`no CJK font draws this form; set formPdfFont in the terminal's configuration to an OTF/TTF/TTC file (tried ${tried.join(', ')})`);
}

const rank = (postscriptName: string) => {
  const index = FACE_PREFERENCE.findIndex((pattern) => pattern.test(postscriptName));
  return index < 0 ? FACE_PREFERENCE.length : index;
};

/**
 * pdfkit with an embedded CJK font. `fontFile` is the configured font (tried alone: a wrong path is
 * an error, not a silent fallback); without it the usual Debian locations are tried in turn.
 */
export function pdfkitFormRenderer(fontFile?: string): FormPdfRenderer {
  const candidates = fontFile ? [fontFile] : DEFAULT_CJK_FONT_FILES;
  return {
    async render(form, context) {
      const title = form.material;
      const subtitle = '自助终端现场填写';
      const facts: [string, string][] = [
        ['办理事项', context.itemName],
        ['服务大厅', context.hallName],
        ['填写终端', context.terminalId],
        ['填写时间', hallDateTime(context.filledAt)],
      ];
      const allText = [title, subtitle, ...facts.flat(), ...form.fields.flatMap((f) => [f.label, f.value]), '：—'].join('');
      const font = await chooseFont(candidates, allText);
      const { default: PDFDocument } = await import('pdfkit');
      // The document's dates come from the hall's clock, not the machine's.
      const at = new Date(Date.parse(context.filledAt));
      const doc = new PDFDocument({
        size: 'A4',
        margin: 56,
        info: { Title: title, Subject: subtitle, Producer: 'Hall Terminal', CreationDate: at, ModDate: at },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise<void>((resolve, reject) => {
        doc.on('end', resolve);
        doc.on('error', reject);
      });
      if (font.face) doc.registerFont('cjk', font.bytes, font.face);
      else doc.registerFont('cjk', font.bytes);
      doc.font('cjk');
      doc.fontSize(20).text(title, { align: 'center' });
      doc.moveDown(0.2).fontSize(11).fillColor('#444444').text(subtitle, { align: 'center' }).fillColor('#000000');
      doc.moveDown(1);
      for (const [label, value] of facts) doc.fontSize(10.5).text(`${label}：${value}`);
      doc.moveDown(0.8);
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const labelWidth = 150;
      for (const field of form.fields) {
        const top = doc.y;
        doc.fontSize(12).fillColor('#333333').text(field.label, left, top, { width: labelWidth });
        const labelBottom = doc.y;
        doc.fillColor('#000000').text(field.value || '—', left + labelWidth + 12, top, { width: width - labelWidth - 12 });
        doc.y = Math.max(doc.y, labelBottom) + 6;
        doc
          .moveTo(left, doc.y)
          .lineTo(left + width, doc.y)
          .lineWidth(0.5)
          .strokeColor('#999999')
          .stroke();
        doc.y += 8;
      }
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
