package io.emostream.serde;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry API the serde needs. Implementations cache: each schema is fetched once. */
public interface SchemaRegistryClient {
    /** Registers {@code schema} under {@code subject} (idempotent: the same schema gets the same id). */
    int register(String subject, Schema schema);

    /** The id of {@code schema} already registered under {@code subject}. */
    int lookup(String subject, Schema schema);

    /** The schema with this global id. */
    Schema byId(int id);
}
