import Testing

@testable import TourEngine

@Suite("The line-tracking JSON parser")
struct JSONParserTests {
    @Test func recordsTheLineOfEveryValue() throws {
        let node = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ]\n}")
        guard case .object(let members) = node.value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "b"])
        #expect(members.map(\.node.line) == [2, 3])
        guard case .array(let elements) = members[1].node.value else {
            Issue.record("not an array")
            return
        }
        #expect(elements.first?.line == 4)
    }

    @Test func decodesEscapes() throws {
        let node = try JSONParser.parse(#""a\n\u00e9\ud83d\ude00""#)
        guard case .string(let text) = node.value else {
            Issue.record("not a string")
            return
        }
        #expect(text == "a\né😀")
    }

    @Test func rejectsDuplicateKeysAndTrailingText() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[1] 2") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[1,]") }
    }

    @Test func reportsTheLineOfASyntaxError() {
        do {
            _ = try JSONParser.parse("{\n\"a\": 1\n\"b\": 2}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)  // the line of the value missing its comma
        }
    }
}
