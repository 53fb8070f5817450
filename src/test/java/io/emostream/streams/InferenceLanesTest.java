package io.emostream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InferenceLanesTest {

    @Test
    void eachStreamThreadGetsItsOwnLanesAndThoseOfAnEndedThreadAreStopped() throws Exception {
        try (InferenceLanes lanes = new InferenceLanes()) {
            AtomicReference<String> ranOn = new AtomicReference<>();
            Thread first = new Thread(
                    () -> {
                        try {
                            ranOn.set(
                                    lanes.submit(2, () -> Thread.currentThread().getName())
                                            .get());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "stream-1");
            first.start();
            first.join();
            assertThat(ranOn.get()).startsWith("stream-1-inference-");
            assertThat(lanes.streamThreadsWithLanes()).isEqualTo(1);

            // a replacement thread: its first batch creates its lanes and retires those of the thread that ended
            Future<String> second = lanes.submit(2, () -> Thread.currentThread().getName());
            assertThat(second.get()).startsWith(Thread.currentThread().getName() + "-inference-");
            assertThat(lanes.streamThreadsWithLanes()).isEqualTo(1);
            lanes.awaitIdle();
            assertThat(lanes.allIdle(2)).isTrue();
        }
    }

    @Test
    void aClosedSetOfLanesRefusesWork() {
        InferenceLanes lanes = new InferenceLanes();
        lanes.close();
        assertThatThrownBy(() -> lanes.submit(1, () -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
