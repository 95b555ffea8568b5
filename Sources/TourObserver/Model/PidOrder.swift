/// Orders pids as the BEAM does for local ones: by their number (`#PID<0.81.0>` before
/// `#PID<0.100.0>`), not as text.
///
/// Threading: stateless; safe to call from any thread.
enum PidOrder {
    /// The node, id and serial of `#PID<a.b.c>`, or nil for other text.
    static func parts(_ pid: String) -> (UInt32, UInt32, UInt32)? {
        guard pid.hasPrefix("#PID<"), pid.hasSuffix(">") else { return nil }
        let numbers = pid.dropFirst(5).dropLast().split(separator: ".").compactMap { UInt32($0) }
        guard numbers.count == 3 else { return nil }
        return (numbers[0], numbers[1], numbers[2])
    }

    static func less(_ a: String, _ b: String) -> Bool {
        switch (parts(a), parts(b)) {
        case (let x?, let y?): return (x.0, x.2, x.1) < (y.0, y.2, y.1)
        case (nil, _?): return false
        case (_?, nil): return true
        case (nil, nil): return a < b
        }
    }
}
