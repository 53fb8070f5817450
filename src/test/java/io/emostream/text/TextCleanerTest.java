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
                .isEqualTo("Don't STOP believing... smiling face with heart-eyes");
        assertThat(light.clean("@who https://x.io ...")).isEmpty();
        assertThat(light.clean("?!")).isEmpty();
        assertThat(light.clean("😢")).isEqualTo("crying face");
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
        assertThat(expressive.clean("I don't know?! 😂😂 great"))
                .isEqualTo("i do not know ? ! face with tears of joy face with tears of joy great");
        assertThat(new TextCleaner(new CleaningOptions(true, true, true)).clean("I don't know?! 😂😂 great"))
                .isEqualTo("i do not know ? ! 😂 😂 great");
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

    @Test
    void emojiAndEmoticonsAreSpelledOutAsWordsTheModelKnows() {
        TextCleaner light = new TextCleaner(CleaningOptions.LIGHT);
        assertThat(light.clean("😡😡😡")).isEqualTo("enraged face enraged face enraged face");
        assertThat(light.clean("so funny 😂😂")).isEqualTo("so funny face with tears of joy face with tears of joy");
        assertThat(light.clean("❤️❤️❤️")).isEqualTo("red heart red heart red heart");
        assertThat(light.clean("👍🏽 great")).isEqualTo("thumbs up great");
        assertThat(light.clean("I miss you :( <3")).isEqualTo("I miss you frowning face with open mouth red heart");
        assertThat(light.clean("that was hilarious xD!")).isEqualTo("that was hilarious grinning squinting face!");
        // not an emoticon inside a word or a time, and plain text is left as it is
        assertThat(light.clean("at 10:30 see https://x.io xDD")).isEqualTo("at 10:30 see xDD");
        TextCleaner expressive = new TextCleaner(CleaningOptions.EXPRESSIVE);
        assertThat(expressive.clean("🤮🤮")).isEqualTo("face vomiting face vomiting");
        // bundles made before keep reading emoji as symbols
        assertThat(new TextCleaner(new CleaningOptions(true, true, false, true)).clean("😡"))
                .isEqualTo("😡");
    }

    @Test
    void aCommentOfEmojiAndEmoticonsOnlyIsToldFromOneWithWords() {
        assertThat(TextCleaner.emojiOnly("❤️❤️❤️")).isTrue();
        assertThat(TextCleaner.emojiOnly(" 🤮🤮 !!")).isTrue();
        assertThat(TextCleaner.emojiOnly(":( <3")).isTrue();
        assertThat(TextCleaner.emojiOnly("👍🏽")).isTrue();
        assertThat(TextCleaner.emojiOnly("❤"))
                .as("one UTF-16 unit, no variation selector")
                .isTrue();
        assertThat(TextCleaner.emojiOnly("xD xD")).isTrue();
        assertThat(TextCleaner.emojiOnly("2024 🎉")).isFalse();
        assertThat(TextCleaner.emojiOnly("so funny 😂😂")).isFalse();
        assertThat(TextCleaner.emojiOnly("I miss you :(")).isFalse();
        assertThat(TextCleaner.emojiOnly("!!!")).isFalse();
        assertThat(TextCleaner.emojiOnly("")).isFalse();
        assertThat(TextCleaner.emojiOnly(null)).isFalse();
    }
}
