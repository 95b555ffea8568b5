/// One line of a checked program's results channel (see `TourWire.swift`'s header for which
/// fields each `event` carries). Written by the test harness inside the learner's program,
/// read by the checker.
///
/// Threading: an immutable value; safe to share between threads.
public struct ResultRecord: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
        case start, begin, test, timeout, done
    }

    public enum Status: String, Codable, Sendable {
        case pass, fail
        /// The test could not run here (it needs a program that is not installed); `message`
        /// says why. Never counted as a pass.
        case skip
    }

    /// The run's token: a line without the checker's token is not the harness's.
    public var token: String
    public var event: Event
    /// `start`: the results protocol the harness speaks (`ResultsProtocol.version`).
    public var `protocol`: Int?
    /// `start`: the tests' names, in the order they run.
    public var tests: [String]?
    public var index: Int?
    public var name: String?
    public var status: Status?
    public var message: String?
    public var expected: String?
    public var actual: String?
    /// The line of the exercise's tests.swift holding the failed expectation.
    public var testLine: Int?
    /// A failed test whose processes all wait with nothing to wake them (deterministic runtime).
    public var stuck: Bool?
    /// A failed test whose code threw an exit or error it did not expect (not a failed
    /// expectation): its live processes explain it.
    public var threw: Bool?
    /// A failed test that gave up waiting for a message: its live processes explain it.
    public var waited: Bool?
    /// `timeout`: the test's time budget, in seconds.
    public var seconds: Double?
    /// Every live process, when the test failed by an error, got stuck or timed out.
    public var processes: [ProcessRecord]?
    /// The trace, as readable lines (tests that record one).
    public var trace: [String]?
    /// The same trace, as records to draw.
    public var events: [EventRecord]?
    /// The names the test gave its processes, by pid.
    public var names: [String: String]?
    /// A failed `expectSends`: the messages expected and how many were found in order.
    public var expectedSends: [ExpectedMessage]?
    public var matchedSends: Int?
    /// Offsets into the program's standard output and error files where the test's own output
    /// begins (`output…`) and ends (`outputEnd…`).
    public var outputStdout: Int?
    public var outputStderr: Int?
    public var outputEndStdout: Int?
    public var outputEndStderr: Int?

    public init(token: String, event: Event) {
        self.token = token
        self.event = event
    }
}

extension ResultRecord {
    private enum CodingKeys: String, CodingKey {
        case token, event, `protocol`, tests, index, name, status, message, expected, actual, testLine, stuck, threw, waited, seconds
        case processes, trace, events, names, expectedSends, matchedSends
        case outputStdout, outputStderr, outputEndStdout, outputEndStderr
    }

    /// `token` and `event` are required; a process or event that does not decode (a kind this
    /// reader does not know) is left out instead of losing the whole record.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(token: try c.decode(String.self, forKey: .token), event: try c.decode(Event.self, forKey: .event))
        self.protocol = try c.decodeIfPresent(Int.self, forKey: .protocol)
        tests = try c.decodeIfPresent([String].self, forKey: .tests)
        index = try c.decodeIfPresent(Int.self, forKey: .index)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        status = try c.decodeIfPresent(Status.self, forKey: .status)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        expected = try c.decodeIfPresent(String.self, forKey: .expected)
        actual = try c.decodeIfPresent(String.self, forKey: .actual)
        testLine = try c.decodeIfPresent(Int.self, forKey: .testLine)
        stuck = try c.decodeIfPresent(Bool.self, forKey: .stuck)
        threw = try c.decodeIfPresent(Bool.self, forKey: .threw)
        waited = try c.decodeIfPresent(Bool.self, forKey: .waited)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        processes = try c.decodeIfPresent([Lossy<ProcessRecord>].self, forKey: .processes)?.compactMap(\.value)
        trace = try c.decodeIfPresent([String].self, forKey: .trace)
        events = try c.decodeIfPresent([Lossy<EventRecord>].self, forKey: .events)?.compactMap(\.value)
        names = try c.decodeIfPresent([String: String].self, forKey: .names)
        expectedSends = try c.decodeIfPresent([ExpectedMessage].self, forKey: .expectedSends)
        matchedSends = try c.decodeIfPresent(Int.self, forKey: .matchedSends)
        outputStdout = try c.decodeIfPresent(Int.self, forKey: .outputStdout)
        outputStderr = try c.decodeIfPresent(Int.self, forKey: .outputStderr)
        outputEndStdout = try c.decodeIfPresent(Int.self, forKey: .outputEndStdout)
        outputEndStderr = try c.decodeIfPresent(Int.self, forKey: .outputEndStderr)
    }
}

/// One element of a list that decodes to nil instead of failing the list.
struct Lossy<Value: Decodable>: Decodable {
    let value: Value?

    init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}
