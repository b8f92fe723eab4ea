// The part of fontkit (pdfkit's font engine, no types of its own) the form PDF uses: opening a font
// file or collection and asking whether it draws a character.
declare module 'fontkit' {
  export interface FontkitFont {
    postscriptName: string;
    familyName: string;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontkitCollection {
    fonts: FontkitFont[];
  }
  export function create(buffer: Uint8Array): FontkitFont | FontkitCollection;
}
