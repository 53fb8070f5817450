package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.model.Architecture;
import io.emostream.model.ModelConfig;
import io.emostream.text.CleaningOptions;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ForwardCostTest {
    private static ModelConfig config(Architecture arch, boolean attention) {
        return ModelConfig.defaults(arch, attention, Collections.nCopies(28, "l"), CleaningOptions.PAPER, 1000);
    }

    @Test
    void countsThePapersNetworkLayerByLayer() {
        // 30 tokens, Conv1d(100 -> 64, k=5) gives 26 positions, pooled to 13 LSTM steps of 128 units each way
        double conv = 2.0 * 26 * 64 * 100 * 5;
        double lstm = 2 * 13 * 2.0 * 4 * 128 * (64 + 128);
        double attention = 13 * (2.0 * 256 * 128 + 2.0 * 128);
        double head = 2.0 * 256 * 128 + 2.0 * 128 * 28;
        assertThat(new ForwardCost(config(Architecture.PAPER, true)).flopsPerText())
                .isEqualTo(conv + lstm + attention + head);
        assertThat(new ForwardCost(config(Architecture.PAPER, false)).flopsPerText())
                .isEqualTo(conv + lstm + head);
    }

    @Test
    void theWideBranchAddsItsLookupsAndAnEnsembleCountsEveryMember() {
        ForwardCost paper = new ForwardCost(config(Architecture.PAPER, true));
        ForwardCost wide = new ForwardCost(config(Architecture.WIDE, true));
        assertThat(wide.flopsPerText() - paper.flopsPerText()).isEqualTo(2.0 * 256 * 28);
        assertThat(new ForwardCost(config(Architecture.WIDE, true).withMembers(2)).flopsPerText())
                .isEqualTo(2 * wide.flopsPerText());
        assertThat(wide.gflops(1000)).isEqualTo(wide.flopsPerText() * 1000 / 1e9);
    }
}
