package io.emostream.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.LabelledText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageIdentifierTest {
    private final LanguageIdentifier languages = new LanguageIdentifier();

    @Test
    void shortCommentsInOtherLanguagesAreToldApart() {
        Map<String, String> comments = Map.ofEntries(
                Map.entry("Estoy muy enojado con este servicio", "es"),
                Map.entry("No me gusta nada esta actualización", "es"),
                Map.entry("Ich bin heute so glücklich", "de"),
                Map.entry("Das ist wirklich eine Katastrophe", "de"),
                Map.entry("Je suis vraiment déçu de ce produit", "fr"),
                Map.entry("C'est génial, merci beaucoup !", "fr"),
                Map.entry("Sono molto felice per questa notizia", "it"),
                Map.entry("Estou muito triste com isso", "pt"),
                Map.entry("这个更新太糟糕了，我非常生气", "zh"),
                Map.entry("このアップデートは最悪です", "ja"),
                Map.entry("정말 화가 나요", "ko"),
                Map.entry("Это просто ужасно, я очень зол", "ru"),
                Map.entry("هذا رائع جدا", "ar"));
        comments.forEach((text, lang) ->
                assertThat(languages.identify(text, null)).as(text).isEqualTo(lang));
    }

    @Test
    void theProducersTagWinsAndTooLittleTextIsUndetermined() {
        assertThat(languages.identify("Estoy muy enojado", "en-US")).isEqualTo("en");
        assertThat(languages.identify("whatever", "pt_BR")).isEqualTo("pt");
        assertThat(languages.identify("😡😡😡", null)).isEqualTo(LanguageIdentifier.UNDETERMINED);
        assertThat(languages.identify("lol ok", null)).isEqualTo(LanguageIdentifier.UNDETERMINED);
        assertThat(languages.identify("", null)).isEqualTo(LanguageIdentifier.UNDETERMINED);
        assertThat(languages.identify(null, null)).isEqualTo(LanguageIdentifier.UNDETERMINED);
    }

    /** English comments must not go unscored: on GoEmotions' test split almost none is taken for another language. */
    @Test
    void englishRedditCommentsAreAlmostNeverTakenForAnotherLanguage() {
        List<LabelledText> test = new GoEmotionsCorpus(TestData.goEmotions()).split("test");
        List<String> taken = test.stream()
                .filter(t -> {
                    String l = languages.identify(t.text(), null);
                    return !l.equals("en") && !l.equals(LanguageIdentifier.UNDETERMINED);
                })
                .map(t -> languages.identify(t.text(), null) + ": " + t.text())
                .toList();
        long other = taken.size();
        taken.stream().limit(30).forEach(t -> System.out.println("  " + t));
        System.out.printf(
                "language: %d of %d GoEmotions test comments taken for another language than English (%.2f %%)%n",
                other, test.size(), 100.0 * other / test.size());
        assertThat((double) other / test.size()).isLessThan(0.003);
    }
}
