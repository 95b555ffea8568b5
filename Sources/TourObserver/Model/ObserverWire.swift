import Foundation
import TourWire

/// One report of an observed program.
///
/// Threading: an immutable value; safe to share between threads.
public enum ObserverMessage: Sendable, Equatable {
    /// The program's first line: the protocol it speaks and its mode (`trace` or `live`).
    case hello(protocol: Int, mode: String)
    case event(EventRecord)
    /// Every live process (or the first `processes.count` of `total`), at `time` nanoseconds of
    /// the program's runtime clock.
    case processes(time: UInt64, [ProcessRecord], total: Int)
    /// The program's answer to a command (`kill #PID<0.85.0>`).
    case reply(command: String, ok: Bool, detail: String)
}

/// Reads what a program run with `ELIXIRTOUR_OBSERVE` writes on its channel: JSON lines with a
/// `type` of `hello`, `event`, `processes` or `reply` (TourWire's `ObserverLine`, written by
/// OTPCore's `ObserverChannel`). Lines
/// that are not such records — not JSON, an unknown type, a field missing or of the wrong kind,
/// longer than `maxLineBytes` — are skipped and counted, so a broken or hostile program can
/// spoil the picture but never the tour. Fields a record does not need are ignored, and a
/// process's optional fields may be missing, so a newer program's lines still read.
///
/// Threading: a value type; one owner at a time.
public struct ObserverWire: Sendable {
    /// The protocol version this reader knows.
    public static let protocolVersion = ObserverProtocol.version
    /// A line longer than this is dropped (the rest of it up to its newline too).
    public static let maxLineBytes = 8 << 20

    private var pending: [UInt8] = []
    /// Skipping the rest of an over-long line.
    private var skippingLine = false
    /// Lines that were not records.
    public private(set) var skippedLines = 0

    public init() {}

    /// Feeds bytes as they arrive; returns the messages of the lines they complete.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [ObserverMessage] {
        pending.append(contentsOf: bytes)
        var messages: [ObserverMessage] = []
        var start = pending.startIndex
        while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if skippingLine {
                skippingLine = false
            } else if let message = Self.decode(pending[start..<end]) {
                messages.append(message)
            } else if end > start {
                skippedLines += 1
            }
            start = end + 1
        }
        pending.removeSubrange(..<start)
        if pending.count > Self.maxLineBytes {
            pending.removeAll(keepingCapacity: false)
            if !skippingLine { skippedLines += 1 }
            skippingLine = true
        }
        return messages
    }

    /// Every message of a complete output (a last line without a newline counts too).
    public static func decodeAll(_ bytes: [UInt8]) -> [ObserverMessage] {
        var wire = ObserverWire()
        return wire.append(bytes + [UInt8(ascii: "\n")])
    }

    private struct Envelope: Decodable {
        let type: String
    }

    static func decode(_ line: ArraySlice<UInt8>) -> ObserverMessage? {
        guard line.first == UInt8(ascii: "{") else { return nil }
        let data = Data(line)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else { return nil }
        switch envelope.type {
        case "hello":
            return (try? decoder.decode(ObserverLine.Hello.self, from: data)).map { .hello(protocol: $0.protocol, mode: $0.mode) }
        case "event":
            return (try? decoder.decode(EventRecord.self, from: data)).map(ObserverMessage.event)
        case "processes":
            return (try? decoder.decode(ObserverLine.Processes.self, from: data)).map {
                .processes(time: $0.time, $0.processes, total: max($0.total ?? $0.processes.count, $0.processes.count))
            }
        case "reply":
            return (try? decoder.decode(ObserverLine.Reply.self, from: data)).map { .reply(command: $0.command, ok: $0.ok, detail: $0.detail ?? "") }
        default:
            return nil
        }
    }
}
