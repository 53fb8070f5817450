package io.emostream.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The learning side's stored formats: versioned now, and what a running deployment wrote before still restores. */
class StateFormatsTest {

    @Test
    void aStoredRecordWrittenBeforeVersionsRestores() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(1_700_000_000_000L);
        out.writeUTF("comments");
        out.writeInt(1);
        out.writeLong(7L);
        out.writeInt(3);
        out.write(new byte[] {9, 8, 7});
        out.flush();
        StoredRecord r = StoredRecord.decode(bytes.toByteArray());
        assertThat(r.at()).isEqualTo(1_700_000_000_000L);
        assertThat(r.bytes()).containsExactly(9, 8, 7);
        assertThat(StoredRecord.decode(r.encode())).usingRecursiveComparison().isEqualTo(r);
        assertThat(r.encode()[1]).isEqualTo((byte) StoredRecord.FORMAT);
    }

    @Test
    void theTriggerStateWrittenBeforeVersionsRestores() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("accumulator-test"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        MockProcessorContext<Object, Object> ctx = new MockProcessorContext<>();
        store.init(ctx.getStateStoreContext(), store);
        // the unversioned JSON of the format before versions
        store.put(
                "state",
                "{\"baseVersion\":\"v1\",\"since\":5,\"total\":3,\"counts\":{\"grief\":2},\"openRequest\":null}"
                        .getBytes(StandardCharsets.UTF_8));
        Accumulator.State s = Accumulator.load(store, "ignored", 0);
        assertThat(s.baseVersion).isEqualTo("v1");
        assertThat(s.total).isEqualTo(3);
        assertThat(s.counts).containsEntry("grief", 2);
        Accumulator.save(store, s);
        assertThat(store.get("state")[0]).isEqualTo((byte) 0xE5);
        assertThat(Accumulator.load(store, "ignored", 0).counts).containsEntry("grief", 2);
    }
}
