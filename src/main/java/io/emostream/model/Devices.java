package io.emostream.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses where the model runs: the first GPU when the PyTorch engine sees one, otherwise the CPU. */
public final class Devices {
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {}

    /** Threads per PyTorch call asked for; applied when PyTorch is first used, so a model without it never loads it. */
    private static int cpuThreads;

    private static boolean applied;

    /**
     * Sets how many CPU threads one PyTorch model call uses (intra-op threads), for the whole process: threads that
     * start scoring after PyTorch is loaded use it. {@code 0} keeps PyTorch's default, one per core. PyTorch itself is
     * loaded only by the first model that needs it ({@link #select}).
     */
    public static synchronized void useCpuThreads(int threads) {
        cpuThreads = threads;
        applied = false;
    }

    private static synchronized Engine pytorch() {
        Engine engine = Engine.getEngine("PyTorch");
        if (!applied) {
            if (cpuThreads > 0) JniUtils.setNumThreads(cpuThreads);
            LOG.info(
                    "CPU threads per model call: {}{}",
                    JniUtils.getNumThreads(),
                    cpuThreads > 0 ? "" : " (PyTorch default)");
            applied = true;
        }
        return engine;
    }

    /** {@code auto} picks GPU when available; {@code cpu} and {@code gpu} force one (gpu fails clearly without one). */
    public static Device select(String preference) {
        Engine engine = pytorch();
        return switch (preference == null ? "auto" : preference) {
            case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0)
                    throw new IllegalStateException(
                            "device=gpu but the PyTorch engine sees no GPU (is the CUDA native library on the class path?)");
                yield Device.gpu();
            }
            default ->
                throw new IllegalArgumentException("unknown device '" + preference + "' (expected auto, cpu or gpu)");
        };
    }
}
