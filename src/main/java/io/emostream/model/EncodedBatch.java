package io.emostream.model;

/** A batch of texts turned into model inputs: row-major word ids {@code [size, maxTokens]} and n-gram ids {@code [size, maxNgrams]} (or null). */
public record EncodedBatch(int size, int[] tokens, int[] ngrams) {
}
