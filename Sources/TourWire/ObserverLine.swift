/// The lines of the observer channel (see `TourWire.swift`'s header), each with its `type`.
///
/// Threading: immutable values; safe to share between threads.
public enum ObserverLine {
    /// The program's first line: the protocol it speaks and its mode (`trace` or `live`).
    public struct Hello: Codable, Sendable, Equatable {
        public var type = "hello"
        public var `protocol`: Int
        public var mode: String

        public init(protocol: Int = ObserverProtocol.version, mode: String) {
            self.protocol = `protocol`
            self.mode = mode
        }
    }

    /// One trace event: the `EventRecord`'s fields beside `"type":"event"`.
    public struct Event: Encodable, Sendable {
        public var record: EventRecord

        public init(_ record: EventRecord) { self.record = record }

        private enum CodingKeys: String, CodingKey { case type }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("event", forKey: .type)
            try record.encode(to: encoder)
        }
    }

    /// Every live process (the first `processes.count` of `total`) at `time` nanoseconds of the
    /// program's runtime clock.
    public struct Processes: Codable, Sendable, Equatable {
        public var type = "processes"
        public var time: UInt64
        public var total: Int?
        public var processes: [ProcessRecord]

        public init(time: UInt64, total: Int, processes: [ProcessRecord]) {
            self.time = time
            self.total = total
            self.processes = processes
        }
    }

    /// The program's answer to a command the tour wrote (`kill #PID<0.85.0>`).
    public struct Reply: Codable, Sendable, Equatable {
        public var type = "reply"
        public var command: String
        public var ok: Bool
        public var detail: String?

        public init(command: String, ok: Bool, detail: String) {
            self.command = command
            self.ok = ok
            self.detail = detail
        }
    }
}
