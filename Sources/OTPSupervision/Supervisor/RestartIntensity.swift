import OTPCore

/// The restart intensity check (OTP's `add_restart/1`): a pure value, tested without processes.
///
/// A supervisor may restart children at most `maxRestarts` times within any `period`; the
/// restart that would make it `maxRestarts + 1` makes the supervisor give up. A restart counts
/// while it is at most `period` old (OTP keeps restarts with `time >= now - period`).
///
/// Threading: a value type, owned by its supervisor's process.
public struct RestartIntensity: Sendable, Hashable {
    public let maxRestarts: Int
    public let period: Duration
    /// When the restarts still in the window happened, newest last.
    public private(set) var restarts: [Duration] = []

    public init(maxRestarts: Int, period: Duration) {
        self.maxRestarts = maxRestarts
        self.period = period
    }

    /// Records a restart at `now`. Returns false when it is one too many: give up.
    public mutating func add(at now: Duration) -> Bool {
        let threshold = now - period
        restarts.removeAll { $0 < threshold }
        restarts.append(now)
        return restarts.count <= maxRestarts
    }
}
