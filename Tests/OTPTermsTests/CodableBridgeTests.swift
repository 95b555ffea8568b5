import OTPCore
import Testing

@testable import OTPTerms

@Suite struct CodableBridgeTests {
    struct User: Codable, Equatable {
        var name: String
        var age: Int
        var tags: [String]
        var nickname: String?
    }

    enum Command: Codable, Equatable {
        case idle
        case move(x: Int, y: Int)
        case say(String)
        case batch([Command])
    }

    enum Color: String, Codable { case red, green }

    @Test func structsAreMapsWithAtomKeys() throws {
        let user = User(name: "Ada", age: 36, tags: ["math"], nickname: nil)
        let term = try TermEncoder().encode(user)
        #expect(term.description == "%{age: 36, name: \"Ada\", tags: [\"math\"]}")
        #expect(try TermDecoder().decode(User.self, from: term) == user)
        // String keys read as well as atom keys; a nil value reads as an absent optional.
        let stringKeys = try Term.parse(#"%{"name" => "Bo", "age" => 3, "tags" => [], "nickname" => nil}"#)
        #expect(try TermDecoder().decode(User.self, from: stringKeys) == User(name: "Bo", age: 3, tags: [], nickname: nil))
    }

    @Test func enumsAreTaggedTuples() throws {
        let encoder = TermEncoder()
        #expect(try encoder.encode(Command.idle) == .atom("idle"))
        #expect(try encoder.encode(Command.move(x: 1, y: 2)).description == "{:move, 1, 2}")
        #expect(try encoder.encode(Command.say("hi")).description == "{:say, \"hi\"}")
        let batch = Command.batch([.idle, .move(x: 3, y: 4)])
        #expect(try encoder.encode(batch).description == "{:batch, [:idle, {:move, 3, 4}]}")
        for command in [Command.idle, .move(x: 1, y: 2), .say("hi"), batch] {
            #expect(try TermDecoder().decode(Command.self, from: encoder.encode(command)) == command)
        }
        #expect(try TermDecoder().decode(Command.self, from: Term.parse("{:move, 5, 6}")) == .move(x: 5, y: 6))
        #expect(try encoder.encode(Color.green) == "green")
    }

    @Test func primitivesAndCollections() throws {
        let encoder = TermEncoder()
        #expect(try encoder.encode(true) == .true)
        #expect(try encoder.encode(1.5) == 1.5)
        #expect(try encoder.encode(UInt64.max).description == "18446744073709551615")
        #expect(try encoder.encode([1: "a"]) == [1: "a"])
        #expect(try encoder.encode(Optional<Int>.none) == .nil)
        #expect(try TermDecoder().decode(UInt64.self, from: encoder.encode(UInt64.max)) == UInt64.max)
        #expect(try TermDecoder().decode([Int: String].self, from: [1: "a"]) == [1: "a"])
    }

    @Test func mismatchesAreDecodingErrors() throws {
        #expect(throws: DecodingError.self) { try TermDecoder().decode(User.self, from: [1, 2]) }
        #expect(throws: DecodingError.self) { try TermDecoder().decode(UInt8.self, from: 300) }
        #expect(throws: DecodingError.self) { try TermDecoder().decode(Command.self, from: .tuple([.atom("move"), 1])) }
        #expect(throws: DecodingError.self) { try TermDecoder().decode(Command.self, from: .atom("fly")) }
        #expect(throws: DecodingError.self) { try TermDecoder().decode(String.self, from: .binary([0xff])) }
    }

    @Test func typedMessagesCrossTheWire() throws {
        let message = Command.move(x: -1, y: 70_000)
        let bytes = try ExternalTermFormat.encode(TermEncoder().encode(message))
        #expect(try TermDecoder().decode(Command.self, from: ExternalTermFormat.decode(bytes)) == message)
    }
}

@Suite struct TermsBenchmarkTests {
    @Test func producesPositiveRatesForItsWorkloads() throws {
        let results = try TermsBenchmark.run(iterations: 20)
        #expect(results.matchesPerSecond > 0)
        #expect(results.parsedMatchesPerSecond > 0)
        #expect(results.encodeBytesPerSecond > 0 && results.decodeBytesPerSecond > 0)
        #expect(results.sampleBytes == (try ExternalTermFormat.encode(TermsBenchmark.sampleTerm())).count)
        // The benchmark's pattern really matches its message (else it would time failures).
        let clause = try Clause.parse(TermsBenchmark.patternSource)
        let message = try Term.parse(#"{:ok, %{"user" => %{name: "Ada", tags: [:math]}}, 1}"#)
        #expect(clause.match(message)?["first"] == .atom("math"))
    }
}
