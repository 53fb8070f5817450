package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.LabelledComment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's one line per comment: what it says when fine labels, only groups, or nothing could be read. */
class LabelledPrinterTest {
    private static LabelledComment.Builder comment() {
        return LabelledComment.newBuilder()
                .setId("c")
                .setSource("news")
                .setText("This update is a disaster.")
                .setCreatedAt(Instant.EPOCH)
                .setClassifiedAt(Instant.EPOCH)
                .setModelVersion("m")
                .setTopLabel("curiosity")
                .setEmptyText(false)
                .setTruncated(false);
    }

    @Test
    void anAlertIsOneLineInTheDetectorsWordsAVolumeOneAsACount() {
        io.emostream.avro.EmotionAlert.Builder alert = io.emostream.avro.EmotionAlert.newBuilder()
                .setSource("*")
                .setGroup("volume")
                .setLabel("comments")
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH.plusSeconds(10))
                .setShare(18)
                .setBaseline(3.2)
                .setZ(8.0)
                .setCount(18)
                .setWindowCount(18)
                .setExamples(List.of())
                .setTopic("Nimbus")
                .setKind("volume")
                .setReason("topic Nimbus: 18 comments in the window, usually 3 (z 8.0)");
        assertThat(LabelledPrinter.alertLine(alert.build()))
                .contains("[volume] topic Nimbus: 18 comments in the window, usually 3 (z 8.0)")
                .doesNotContain("%");
        // an alert written before alerts had a reason is still stated
        assertThat(LabelledPrinter.alertLine(alert.setReason("")
                        .setGroup("ekman")
                        .setLabel("anger")
                        .setShare(0.4)
                        .build()))
                .contains("[ekman] all sources: anger in 40% of 18 comments");
    }

    @Test
    void labelsBestFirstThenGroupsWhenNoLabelIsSureThenTheLanguageNotRead() {
        assertThat(LabelledPrinter.labelsColumn(comment()
                        .setLabels(List.of("annoyance", "anger"))
                        .setScores(Map.of("anger", 0.9f, "annoyance", 0.4f))
                        .build()))
                .isEqualTo("anger 0.90, annoyance 0.40");
        assertThat(LabelledPrinter.labelsColumn(comment()
                        .setLabels(List.of())
                        .setScores(Map.of("curiosity", 0.3f))
                        .setGroups(List.of("anger", "disgust"))
                        .build()))
                .isEqualTo("groups: anger, disgust");
        assertThat(LabelledPrinter.labelsColumn(comment()
                        .setLabels(List.of())
                        .setScores(Map.of())
                        .setUnscoredReason("language")
                        .setLanguage("es")
                        .build()))
                .isEqualTo("not read: language es");
    }
}
