/** The part of @nlpjs/lang-ru crampbot uses (the package ships no types). */
declare module '@nlpjs/lang-ru' {
  export class StemmerRu {
    stemWord(word: string): string;
  }
}
