import Foundation

/// Renders results as the table `elixirtour bench` prints: one row per workload, Swift beside the
/// BEAM, with the ratio.
public enum BenchTable {
    public static func render(_ results: [BenchResult]) -> String {
        var rows: [[String]] = [["workload", "swift", "beam", "swift / beam"]]
        var order: [String] = []
        for r in results where !order.contains(r.workload) { order.append(r.workload) }
        for workload in order {
            let swift = results.first { $0.workload == workload && $0.runtime == "swift" }
            let beam = results.first { $0.workload == workload && $0.runtime == "beam" }
            rows.append([workload, swift.map(rateText) ?? "—", beam.map(rateText) ?? "—", ratio(swift?.rate, beam?.rate)])
            if swift?.bytesPerProcess != nil || beam?.bytesPerProcess != nil {
                rows.append([
                    "  memory", swift?.bytesPerProcess.map(bytesText) ?? "—", beam?.bytesPerProcess.map(bytesText) ?? "—",
                    ratio(beam?.bytesPerProcess, swift?.bytesPerProcess, suffix: " (beam / swift)"),
                ])
            }
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in
                c == 0
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "   ")
            return i == 0 ? line + "\n" + String(repeating: "-", count: line.count) : line
        }.joined(separator: "\n")
    }

    static func rateText(_ r: BenchResult) -> String {
        let value =
            r.rate >= 1e6
            ? String(format: "%.2f M", r.rate / 1e6)
            : r.rate >= 1e3 ? String(format: "%.1f k", r.rate / 1e3) : String(format: "%.0f ", r.rate)
        return value + r.unit
    }

    static func bytesText(_ b: Double) -> String { String(format: "%.0f B/proc", b) }

    static func ratio(_ a: Double?, _ b: Double?, suffix: String = "") -> String {
        guard let a, let b, b > 0 else { return "" }
        return String(format: "%.2f×", a / b) + suffix
    }
}
