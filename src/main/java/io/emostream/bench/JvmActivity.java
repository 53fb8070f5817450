package io.emostream.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * How long this JVM has spent JIT-compiling and collecting garbage so far. The difference over a timed window shows
 * how much of the machine the JVM itself took: on two cores the C2 compiler thread still used about a third of a
 * core during the latency run, minutes after start (per-thread CPU from /proc).
 */
record JvmActivity(long compileMs, long gcMs, long nanos) {

    static JvmActivity now() {
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans())
            gc += Math.max(0, b.getCollectionTime());
        var compiler = ManagementFactory.getCompilationMXBean();
        long compile = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime()
                : -1;
        return new JvmActivity(compile, gc, System.nanoTime());
    }

    /**
     * "JIT compiling 31% of the time, GC 2.1% of the time" between {@code start} and this snapshot. Compilation time
     * is the elapsed time of compilations summed over the compiler threads (it can pass 100%).
     */
    String since(JvmActivity start) {
        double ms = (nanos - start.nanos) / 1e6;
        String jit = compileMs < 0
                ? "JIT time not reported"
                : String.format("JIT compiling %.0f%% of the time", 100 * (compileMs - start.compileMs) / ms);
        return String.format("%s, GC %.1f%% of the time", jit, 100 * (gcMs - start.gcMs) / ms);
    }
}
