package io.emostream.model;

/** Which network {@link EmotionNetwork} builds. */
public enum Architecture {
    /** The seed paper's network: embedding → Conv1D → BatchNorm → MaxPool → BiLSTM → attention → Dense → sigmoid. */
    PAPER,
    /** The paper's network plus a linear branch over hashed word/char n-grams whose logits are added (wide & deep). */
    WIDE,
    /**
     * A pretrained sentence encoder (frozen, ONNX) → embedding, beside a TF-IDF-weighted linear branch over hashed
     * word/char n-grams, → a linear or MLP head: see {@link SentenceHead}.
     */
    ENCODER;

    public static Architecture parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + s + "' (expected paper, wide or encoder)");
        }
    }
}
