import Testing

@testable import TerminalColumns

@Suite struct DisplayWidthTests {
    @Test func asciiAndLatinTakeOneEach() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("café") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute: one character, one column
    }

    @Test func controlsAndLoneJoinersTakeNone() {
        #expect(DisplayWidth.of("\u{7}\u{1B}") == 0)
        #expect(DisplayWidth.of(Character("\u{200D}")) == 0)
        #expect(DisplayWidth.of(Character("\u{FE0F}")) == 0)
        #expect(DisplayWidth.of(Character("\u{301}")) == 0)
    }

    @Test func eastAsianWideTakesTwo() {
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("한") == 2)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test func emojiPresentationTakesTwo() {
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("✅") == 2)
    }

    @Test func vs16MakesATextCharacterAnEmojiOfTwoColumns() {
        // ❤ (U+2764) and ✔ (U+2714) are text by default: one column alone, two with VS16.
        #expect(DisplayWidth.of("\u{2764}") == 1)
        #expect(DisplayWidth.of("\u{2764}\u{FE0F}") == 2)
        #expect(DisplayWidth.of("\u{2714}\u{FE0F}") == 2)
        #expect(DisplayWidth.of("1\u{FE0F}\u{20E3}") == 2)  // keycap 1
        #expect(DisplayWidth.of("a\u{FE0F}") == 1)  // VS16 after a non-emoji changes nothing
    }

    @Test func vs15AsksForText() {
        #expect(DisplayWidth.of("\u{231A}") == 2)  // ⌚ is emoji by default
        #expect(DisplayWidth.of("\u{231A}\u{FE0E}") == 1)
    }

    @Test func sequencesTakeTwo() {
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)  // a ZWJ family
        #expect(DisplayWidth.of("🇫🇷") == 2)  // a flag
        #expect(DisplayWidth.of("👍🏽") == 2)  // a skin tone
    }

    @Test func escapeSequencesAreInvisible() {
        #expect(DisplayWidth.visible("\u{1B}[1;31mred\u{1B}[0m ok") == 6)
        #expect(DisplayWidth.visible("\u{1B}[36m❤️\u{1B}[0m") == 2)
        #expect(DisplayWidth.visible("plain") == 5)
    }

    @Test func chopPadFoldAndTruncateCountColumns() {
        #expect(DisplayWidth.chop("ab日本c", width: 3) == ["ab", "日", "本c"])
        #expect(DisplayWidth.pad("❤️", to: 4) == "❤️  ")
        #expect(DisplayWidth.fold("one two three", width: 8) == ["one two ", "three"])
        #expect(DisplayWidth.truncate("❤️❤️❤️", to: 5) == "❤️❤️…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
    }
}
