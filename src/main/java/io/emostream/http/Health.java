package io.emostream.http;

import java.util.List;

/** What the probes ask of the running parts: {@code /health} (liveness) and {@code /ready} (readiness). */
public interface Health {
    /** The parts that failed for good, each with its state ("trends (ERROR)"); empty while the process is alive. */
    List<String> failed();

    /** The parts not processing yet, each with its state ("classifier (REBALANCING)"); empty when ready. */
    List<String> waiting();
}
