package io.emostream.retrain;

import java.io.IOException;
import java.nio.file.Path;

/** Where model bundles live once made. The directory store is the default; another (object storage, say) can implement this. */
public interface ModelStore {
    /** A fresh place to write the bundle of {@code version} into. */
    Path stagingDir(String version) throws IOException;

    /** Makes a staged bundle durable and returns the location classifiers load it from. */
    String publish(String version, Path staged) throws IOException;

    /** A local directory holding the bundle at {@code location}, for loading. */
    Path resolve(String location);
}
