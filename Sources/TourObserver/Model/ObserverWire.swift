import Foundation

/// One report of an observed program: a trace event, or every live process at a moment.
///
/// Threading: an immutable value; safe to share between threads.
public enum ObserverMessage: Sendable, Equatable {
    case event(ObservedEvent)
    /// Every live process, at `time` nanoseconds of the program's runtime clock.
    case processes(time: UInt64, [ObservedProcess])
}

/// Reads what a program run with `ELIXIRTOUR_OBSERVE` writes on its channel: JSON lines with a
/// `type` of `event` or `processes`. Lines that are not such records are skipped, so a broken or
/// hostile program can spoil the picture but never the tour.
///
/// Threading: a value type; one owner at a time.
public struct ObserverWire: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Feeds bytes as they arrive; returns the messages of the lines they complete.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [ObserverMessage] {
        pending.append(contentsOf: bytes)
        var messages: [ObserverMessage] = []
        var start = pending.startIndex
        while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if let message = Self.decode(pending[start..<end]) { messages.append(message) }
            start = end + 1
        }
        pending.removeSubrange(..<start)
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

    private struct Snapshot: Decodable {
        let time: UInt64
        let processes: [ObservedProcess]
    }

    static func decode(_ line: ArraySlice<UInt8>) -> ObserverMessage? {
        let data = Data(line)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else { return nil }
        switch envelope.type {
        case "event": return (try? decoder.decode(ObservedEvent.self, from: data)).map(ObserverMessage.event)
        case "processes": return (try? decoder.decode(Snapshot.self, from: data)).map { .processes(time: $0.time, $0.processes) }
        default: return nil
        }
    }
}
