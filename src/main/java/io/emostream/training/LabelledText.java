package io.emostream.training;

/** One training or evaluation example: raw text and the indices of its labels. */
public record LabelledText(String id, String text, int[] labels) {}
