package io.emostream.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCleanerTest {
    private final TextCleaner paper = new TextCleaner(CleaningOptions.PAPER);
    private final TextCleaner expressive = new TextCleaner(CleaningOptions.EXPRESSIVE);

    @Test
    void lightCleaningKeepsTheTextAsWrittenButMentionsUrlsAndEmptyPunctuation() {
        TextCleaner light = new TextCleaner(CleaningOptions.LIGHT);
        assertThat(light.clean("@bob Don't   STOP\tbelieving... https://x.io/a 😍"))
                .isEqualTo("Don't STOP believing... 😍");
        assertThat(light.clean("@who https://x.io ...")).isEmpty();
        assertThat(light.clean("?!")).isEmpty();
        assertThat(light.clean("😢")).isEqualTo("😢");
    }

    @Test
    void paperRulesDropMentionsUrlsAndNonAlphanumerics() {
        assertThat(paper.clean("@bob Check https://x.io/a?b=1 and www.foo.com NOW!!!   ok :)"))
                .isEqualTo("check and now ok");
    }

    @Test
    void paperRulesSplitOnPunctuationAndLowerCase() {
        assertThat(paper.clean("Don't   STOP\tbelieving...[NAME]")).isEqualTo("don t stop believing name");
    }

    @Test
    void expressiveKeepsBangQuestionEmojiAndNegation() {
        assertThat(expressive.clean("I don't know?! 😂😂 great")).isEqualTo("i do not know ? ! 😂 😂 great");
        assertThat(paper.clean("I don't know?! 😂😂 great")).isEqualTo("i don t know great");
    }

    @Test
    void nonLatinScriptsSurvive() {
        assertThat(paper.clean("Привет, мир! 你好")).isEqualTo("привет мир 你好");
    }

    @Test
    void nullEmptyAndPunctuationOnlyCleanToEmpty() {
        assertThat(paper.clean(null)).isEmpty();
        assertThat(paper.clean("   \t ")).isEmpty();
        assertThat(paper.clean("@someone https://a.b ...")).isEmpty();
    }
}
