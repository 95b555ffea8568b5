import Testing
import TourEngine

@Suite("Did you mean")
struct SuggestionsTests {
    @Test func findsNearAndPrefixMatches() {
        #expect(Suggestions.distance("lesson", "lesso") == 1)
        #expect(Suggestions.distance("hnit", "hint") == 1)
        #expect(Suggestions.candidates(for: "lesso", in: ["lesson", "lessons", "hint"]) == ["lesson", "lessons"])
        #expect(Suggestions.nearest(to: "hnit", in: ["lesson", "hint"]) == "hint")
        #expect(Suggestions.nearest(to: "zzzzzz", in: ["lesson", "hint"]) == nil)
    }
}
