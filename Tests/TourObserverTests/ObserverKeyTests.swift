import Testing
import TourObserver

@Suite("Observer keys")
struct ObserverKeyTests {
    @Test func arrowsPagesAndLetters() {
        let bytes = Array("\u{1B}[A\u{1B}[B\u{1B}OA\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[F\u{1B}[1~\u{1B}[4~kq\u{03}\r".utf8)
        #expect(
            ObserverKeyDecoder.keys(bytes) == [
                .up, .down, .up, .pageUp, .pageDown, .home, .end, .home, .end,
                .character("k"), .character("q"), .interrupt, .character("\n"),
            ])
    }

    @Test func aLoneOrUnknownEscapeIsEscapeAndOtherBytesAreDropped() {
        #expect(ObserverKeyDecoder.keys([0x1B]) == [.escape])
        #expect(ObserverKeyDecoder.keys(Array("\u{1B}[1;5Z".utf8)) == [.escape])
        #expect(ObserverKeyDecoder.keys([0x1B, UInt8(ascii: "[")]) == [.escape])
        #expect(ObserverKeyDecoder.keys([0x01, 0xC3, 0xA9, UInt8(ascii: "s")]) == [.character("s")])
    }
}
