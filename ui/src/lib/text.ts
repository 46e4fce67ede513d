/** A `lang` attribute for a name written in a non-Latin script, so the right font is picked. */
export function scriptLang(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  if (/[\u3040-\u30ff]/u.test(text)) return "ja";
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/\p{Script=Han}/u.test(text)) return "zh-Hant";
  return undefined;
}
