import OTPCore

/// Times pattern matching and the external term format, for `elixirtour bench`.
///
/// Returns the figures and prints nothing; the caller decides how to show them. Build in
/// release mode for meaningful numbers.
///
/// Threading: `run` is synchronous and uses only the calling thread.
package enum TermsBenchmark {
    /// The measured rates.
    public struct Results: Sendable, Hashable {
        /// Successful matches of a nested pattern (tuple, map subset, list head, guard) per second.
        public var matchesPerSecond: Double
        /// Matches of a pattern parsed from text (parse + match) per second.
        public var parsedMatchesPerSecond: Double
        /// `term_to_binary` of the sample term, in terms and in bytes per second.
        public var encodesPerSecond: Double
        public var encodeBytesPerSecond: Double
        /// `binary_to_term` of the sample's bytes, in terms and in bytes per second.
        public var decodesPerSecond: Double
        public var decodeBytesPerSecond: Double
        /// The size of the sample term in the external format.
        public var sampleBytes: Int
    }

    /// The pattern the match figure uses.
    public static let patternSource = #"{:ok, %{"user" => %{name: name, tags: [first | _]}}, n} when is_integer(n) and n > 0"#

    /// A term shaped like a typical message: a list of 100 user records.
    public static func sampleTerm() -> Term {
        .list(
            (0..<100).map { i in
                [
                    .atom("id"): .int(i * 7919),
                    .atom("name"): .string("user-\(i)"),
                    .atom("score"): .float(Double(i) * 1.5),
                    .atom("tags"): .list([.atom("admin"), .atom("beta")]),
                    .atom("active"): i % 2 == 0 ? .true : .false,
                ]
            })
    }

    /// Runs each workload `iterations` times (the match workloads ten times as often).
    public static func run(iterations: Int = 2_000) throws -> Results {
        let clock = ContinuousClock()
        var checksum = 0

        let clause = try Clause.parse(patternSource)
        let message: Term = .tuple([
            .ok, [.string("user"): [.atom("name"): .string("Ada"), .atom("tags"): [.atom("math"), .atom("poetry")]]], 42,
        ])
        let matchCount = iterations * 10
        let matchTime = clock.measure {
            for _ in 0..<matchCount { checksum &+= clause.match(message)?.count ?? 0 }
        }
        let parsedCount = iterations
        let parsedTime = try clock.measure {
            for _ in 0..<parsedCount { checksum &+= try Clause.parse(patternSource).match(message)?.count ?? 0 }
        }

        let sample = sampleTerm()
        let bytes = try ExternalTermFormat.encode(sample)
        let encodeTime = try clock.measure {
            for _ in 0..<iterations { checksum &+= try ExternalTermFormat.encode(sample).count }
        }
        let decodeTime = try clock.measure {
            for _ in 0..<iterations {
                if case .list(let items) = try ExternalTermFormat.decode(bytes) { checksum &+= items.count }
            }
        }
        precondition(checksum != 0, "the benchmark did no work")

        func rate(_ count: Int, _ time: Duration) -> Double {
            let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18
            return seconds > 0 ? Double(count) / seconds : 0
        }
        return Results(
            matchesPerSecond: rate(matchCount, matchTime),
            parsedMatchesPerSecond: rate(parsedCount, parsedTime),
            encodesPerSecond: rate(iterations, encodeTime),
            encodeBytesPerSecond: rate(iterations * bytes.count, encodeTime),
            decodesPerSecond: rate(iterations, decodeTime),
            decodeBytesPerSecond: rate(iterations * bytes.count, decodeTime),
            sampleBytes: bytes.count)
    }
}
