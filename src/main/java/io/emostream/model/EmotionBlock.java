package io.emostream.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;

/**
 * A block that maps encoded texts to per-label logits: one {@link EmotionNetwork} or {@link SentenceHead}, or a
 * {@link SeedEnsemble} of them.
 */
public interface EmotionBlock extends Block {

    /** The network the config describes: an ensemble when {@link ModelConfig#members()} is above 1. */
    static EmotionBlock of(ModelConfig config) {
        return config.members() > 1 ? new SeedEnsemble(config) : single(config.withMembers(1));
    }

    /** One network of the config's architecture. */
    static EmotionBlock single(ModelConfig config) {
        return config.architecture() == Architecture.ENCODER ? new SentenceHead(config) : new EmotionNetwork(config);
    }

    ModelConfig config();

    /** The single networks inside, in order; one for a plain network. */
    List<? extends EmotionBlock> networks();

    /** Input shapes for a batch of {@code batch} texts, as {@code initialize} wants them. */
    default Shape[] inputShapes(long batch) {
        ModelConfig c = config();
        if (c.architecture() == Architecture.ENCODER)
            return new Shape[] {new Shape(batch, c.encoder().dim()), new Shape(batch, c.maxNgrams())};
        return c.wide()
                ? new Shape[] {new Shape(batch, c.maxTokens()), new Shape(batch, c.maxNgrams())}
                : new Shape[] {new Shape(batch, c.maxTokens())};
    }
}
