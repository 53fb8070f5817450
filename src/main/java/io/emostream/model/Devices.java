package io.emostream.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses where the model runs: the first GPU when the PyTorch engine sees one, otherwise the CPU. */
public final class Devices {
    private Devices() {
    }

    /** {@code auto} picks GPU when available; {@code cpu} and {@code gpu} force one (gpu fails clearly without one). */
    public static Device select(String preference) {
        Engine engine = Engine.getEngine("PyTorch");
        return switch (preference == null ? "auto" : preference) {
            case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) throw new IllegalStateException("device=gpu but the PyTorch engine sees no GPU (is the CUDA native library on the class path?)");
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("unknown device '" + preference + "' (expected auto, cpu or gpu)");
        };
    }
}
