package io.emostream.model;

/** Which network {@link EmotionNetwork} builds. */
public enum Architecture {
    /** The seed paper's network: embedding → Conv1D → BatchNorm → MaxPool → BiLSTM → attention → Dense → sigmoid. */
    PAPER,
    /** The paper's network plus a linear branch over hashed word/char n-grams whose logits are added (wide & deep). */
    WIDE;

    public static Architecture parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + s + "' (expected paper or wide)");
        }
    }
}
