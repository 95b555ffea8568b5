import TestTools
import Testing

@testable import ChildProcesses

/// POSIX shell word splitting (no expansions), as `sh` would split the same line.
@Suite struct ShellWordsTests {
    @Test func blanksSeparateWords() {
        #expect(ShellWords.split("a  b\tc\nd") == ["a", "b", "c", "d"])
        #expect(ShellWords.split("   ") == [])
        #expect(ShellWords.split("") == [])
    }

    @Test func singleQuotesKeepEverything() {
        #expect(ShellWords.split(#"'a b' '\n' '"x"'"#) == ["a b", #"\n"#, #""x""#])
        #expect(
            ShellWords.split(#"swift-frontend -c '/tmp/a b/x.swift' 'it'\''s' y"#)
                == ["swift-frontend", "-c", "/tmp/a b/x.swift", "it's", "y"])
    }

    @Test func doubleQuotesEscapeOnlyTheirSpecialCharacters() {
        #expect(ShellWords.split(#""a \"b\" \\ \$ \` \n""#) == [#"a "b" \ $ ` \n"#])
        #expect(ShellWords.split(#""it's""#) == ["it's"])
        #expect(ShellWords.split("\"a\\\nb\"") == ["ab"])
        #expect(ShellWords.split(#"/usr/bin/clang -o "/tmp/with space/p""#) == ["/usr/bin/clang", "-o", "/tmp/with space/p"])
    }

    @Test func backslashOutsideQuotesTakesTheNextCharacter() {
        #expect(ShellWords.split(#"d\ e a\\b \'x\""#) == ["d e", #"a\b"#, #"'x""#])
        #expect(ShellWords.split(#"\n"#) == ["n"])
        #expect(ShellWords.split("a \\\n b") == ["a", "b"])
    }

    @Test func quotesGroupWithinAWordAndEmptyQuotesAreAWord() {
        #expect(ShellWords.split(#"a"b c"d 'e'f"#) == ["ab cd", "ef"])
        #expect(ShellWords.split(#"a "" b ''"#) == ["a", "", "b", ""])
        #expect(ShellWords.split(#"a "b c" d\ e "" f"#) == ["a", "b c", "d e", "", "f"])
    }

    @Test func unclosedQuoteOrTrailingBackslashIsNil() {
        #expect(ShellWords.split(#"unterminated "quote"#) == nil)
        #expect(ShellWords.split("unterminated 'quote") == nil)
        #expect(ShellWords.split(#"ends in \"#) == nil)
        #expect(ShellWords.split(#""ends in \""#) == nil)
    }

    /// The same lines through `/bin/sh` give the same words.
    @Test func agreesWithTheShell() async throws {
        let lines = [#"a "b c" d\ e "" f"#, #"'it'\''s' "x\"y" \\z"#, #""\n\$" a"b"'c'"#, "tab\tsep"]
        for line in lines {
            // The shell runs, and is waited for, off the cooperative pool.
            let printed = try #require(
                try await offPool {
                    try ChildProcess.capture(
                        executable: "/bin/sh", arguments: ["-c", "for w in " + line + "; do printf '%s\\0' \"$w\"; done"],
                        environment: [:])
                })
            let words = printed.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(ShellWords.split(line) == words, "\(line)")
        }
    }
}
