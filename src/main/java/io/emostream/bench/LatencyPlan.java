package io.emostream.bench;

/**
 * How long the latency run offers its load untimed, then timed. The untimed part is long because on a small machine a
 * young JVM is far from steady: on two cores, at 1,400 records/s after 10 s, the p99 of successive 5 s windows went
 * 1770, 1590, 1555, 1181, 685, 279, 161 ... 153, 130, 121, 100, 93, 113 ms over two minutes, with the JIT compiler
 * busy 45% of the time.
 */
public record LatencyPlan(double warmUpSeconds, double timedSeconds) {
    public LatencyPlan {
        if (!(warmUpSeconds >= 0))
            throw new IllegalArgumentException("latency warm-up must be 0 s or more, was " + warmUpSeconds);
        if (!(timedSeconds > 0))
            throw new IllegalArgumentException("timed latency run must be longer than 0 s, was " + timedSeconds);
    }
}
