package io.emostream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void partsStopInTheReverseOrderAndAThreadEndsBeforeWhatItUsesCloses() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        Lifecycle parts = new Lifecycle();
        parts.add("broker", () -> events.add("broker closed"));
        parts.add("model", () -> events.add("model closed"));
        Thread worker = parts.thread("worker", () -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                try {
                    Thread.sleep(200); // finishing its work takes a while, and must be waited for
                } catch (InterruptedException ignored) {
                    // stopping anyway
                }
                events.add("worker ended");
            }
        });
        parts.add("endpoint", () -> {
            throw new IllegalStateException("endpoint failed to close");
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        parts.close();
        assertThat(events).containsExactly("worker ended", "model closed", "broker closed");
        assertThat(worker.isAlive()).isFalse();
        assertThatThrownBy(() -> parts.add("late", () -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aThreadWithAStopIsAskedThenJoined() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Lifecycle parts = new Lifecycle();
        parts.add("store", () -> events.add("store closed"));
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        parts.thread(
                "loop",
                () -> {
                    while (!stop.get()) Thread.onSpinWait();
                    events.add("loop ended");
                },
                () -> stop.set(true));
        parts.close();
        assertThat(events).containsExactly("loop ended", "store closed");
    }
}
