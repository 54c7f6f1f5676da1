// Writes the reference token ids of every string in a corpus, for ftkit's exactness tests.
// Usage: node reference.mjs CORPUS.json > reference-ids.json
// Corpus: {"texts": [...], "chats": [[{"role","content"}...], ...]}.
// Output: ids per text for o200k_base, cl100k_base and llama3, and for each chat the llama3 token count of the
// rendered Llama 3 chat template (special tokens included).
import { readFileSync } from "node:fs";
import { get_encoding } from "tiktoken";
import llama3Tokenizer from "llama3-tokenizer-js";

const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const o200k = get_encoding("o200k_base");
const cl100k = get_encoding("cl100k_base");
const out = { generator: "tiktoken 1.0.22, llama3-tokenizer-js 1.2.0", texts: [], chats: [] };
for (const text of corpus.texts) {
  out.texts.push({
    text,
    o200k_base: Array.from(o200k.encode_ordinary(text)),
    cl100k_base: Array.from(cl100k.encode_ordinary(text)),
    llama3: llama3Tokenizer.encode(text, { bos: false, eos: false }),
  });
}
for (const chat of corpus.chats) {
  let rendered = "<|begin_of_text|>";
  for (const m of chat) {
    rendered += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + m.content.trim() + "<|eot_id|>";
  }
  // encode() turns text spelling a special token into that token, as a trainer's template does.
  out.chats.push({ chat, llama3_count: llama3Tokenizer.encode(rendered, { bos: false, eos: false }).length });
}
o200k.free();
cl100k.free();
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
