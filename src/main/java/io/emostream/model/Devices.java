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

    /**
     * Sets how many CPU threads one model call uses (PyTorch intra-op threads), for the whole process: threads that
     * start scoring after this call use it. {@code 0} keeps PyTorch's default, one per core.
     */
    public static void useCpuThreads(int threads) {
        Engine.getEngine("PyTorch");
        if (threads > 0) JniUtils.setNumThreads(threads);
        LOG.info("CPU threads per model call: {}{}", JniUtils.getNumThreads(), threads > 0 ? "" : " (PyTorch default)");
    }

    /** {@code auto} picks GPU when available; {@code cpu} and {@code gpu} force one (gpu fails clearly without one). */
    public static Device select(String preference) {
        Engine engine = Engine.getEngine("PyTorch");
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
