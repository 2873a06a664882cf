/**
 * The generated tokenizer's vocabulary: special tokens, single characters,
 * word-piece continuations, a few suffixes and a fixed list of common English
 * words. Order is fixed, so token ids are stable.
 */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SUFFIXES = ['s', 'es', 'ed', 'ing', 'ly', 'er', 'est', 'ion', 'tion', 'ness', 'ment', 'able', 'al', 'ful', 'less', 'ous', 'ive', 'ize', 'ity', 'y'];

const COMMON_WORDS = `
the of and to in is was for on that with as by at from it be this are an or not have has had
were which but their they one all can more been there when who will would also its about two new
first time other into may over after years people only some these most than then made such many
city world state year between used part during under up out so what three used could each where
while many well back through much before being known high any small large long later early same
water food music river mountain forest ocean island garden school market bridge road train station
house village church library museum park street window door table chair book paper letter story
song film game team player season match goal point score ball field court coach league club
cat dog bird fish horse cow sheep lion tiger bear wolf fox rabbit mouse snake eagle whale shark
red blue green yellow black white brown orange purple gray dark light bright warm cold hot cool
sun moon star sky cloud rain snow wind storm fire stone sand earth metal wood glass gold silver
man woman child family friend mother father brother sister king queen doctor teacher student worker
run walk swim fly read write sing play build make find give take keep hold move turn open close
big little old young good bad happy sad fast slow strong weak rich poor easy hard clean quiet loud
north south east west left right top bottom inside outside near far above below across around
morning evening night day week month today tomorrow yesterday spring summer autumn winter hour
computer network data model system energy power science history language number question answer
because however although therefore without within against toward among across every never always
price money bank trade value market cost pay sell buy share stock company business office work
apple bread cheese coffee tea milk rice soup sugar salt fruit meat egg cake wine beer lemon
describe explain summarize list compare translate answer write short sentence word paragraph topic
`;

export function vocabularyTokens(): string[] {
  const tokens: string[] = [...SPECIAL_TOKENS];
  const seen = new Set<string>(tokens);
  const add = (t: string) => {
    if (!seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    }
  };
  for (const c of LETTERS + DIGITS + PUNCTUATION) add(c);
  for (const c of LETTERS + DIGITS) add(`##${c}`);
  for (const s of SUFFIXES) add(`##${s}`);
  for (const w of COMMON_WORDS.split(/\s+/).filter(Boolean)) add(w);
  return tokens;
}
