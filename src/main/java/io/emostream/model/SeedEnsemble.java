package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Several networks of one config, trained apart with different seeds, whose logits are averaged. Seeds of this model
 * differ by ~0.015 test macro-F1, so averaging them removes much of that variance at the cost of one forward pass
 * per member. Members share the vocabulary and the n-gram hashing, so one encoded batch feeds them all.
 */
public final class SeedEnsemble extends AbstractBlock implements EmotionBlock {
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final List<EmotionBlock> members = new ArrayList<>();

    public SeedEnsemble(ModelConfig config) {
        super(VERSION);
        this.config = config;
        ModelConfig single = config.withMembers(1);
        for (int i = 0; i < config.members(); i++)
            members.add(addChildBlock("member" + i, EmotionBlock.single(single)));
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public List<EmotionBlock> networks() {
        return List.copyOf(members);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray sum = null;
        for (EmotionBlock m : members) {
            NDArray logits = m.forward(ps, inputs, training).head();
            sum = sum == null ? logits : sum.add(logits);
        }
        return new NDList(sum.div(members.size()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return members.get(0).getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (EmotionBlock m : members) m.initialize(manager, dataType, inputShapes);
    }
}
