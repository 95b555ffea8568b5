import Foundation

/// One measured workload on one runtime.
///
/// Threading: a value type; safe to share.
public struct BenchResult: Sendable, Equatable {
    public let workload: String
    /// "swift" or "beam".
    public let runtime: String
    public let rate: Double
    public let unit: String
    /// For `spawn`: memory per idle process, in bytes.
    public let bytesPerProcess: Double?
    /// How the figure was obtained, in a few words.
    public let note: String

    public init(workload: String, runtime: String, rate: Double, unit: String, bytesPerProcess: Double? = nil, note: String) {
        self.workload = workload
        self.runtime = runtime
        self.rate = rate
        self.unit = unit
        self.bytesPerProcess = bytesPerProcess
        self.note = note
    }

    /// One JSON object on one line.
    public var jsonLine: String {
        var fields = [
            "\"workload\":\"\(workload)\"", "\"runtime\":\"\(runtime)\"",
            "\"rate\":\(Self.number(rate))", "\"unit\":\"\(unit)\"",
        ]
        if let bytesPerProcess { fields.append("\"bytes_per_process\":\(Self.number(bytesPerProcess))") }
        fields.append("\"note\":\"\(note.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"")
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : "null"
    }
}
