import Foundation

/// Runs a real `elixir` (when installed) to produce expected values. Tests that use it are
/// enabled by `ElixirOracle.isEnabled`; the fixed tables next to them were captured
/// from Elixir 1.14 / OTP 25 so the suite keeps its teeth without it.
enum ElixirOracle {
    static let executable = OracleTool.find("elixir")

    /// Whether the tests that use it run: when `elixir` is installed, and always in CI (see
    /// `OracleTool`).
    static var isEnabled: Bool { OracleTool.testsRun(with: executable) }

    /// Runs `script` with `input` written to a file whose path is the script's first argument;
    /// returns standard output.
    static func run(script: String, input: String) async throws -> String {
        let executable = try OracleTool.require(executable, "elixir")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("elixir-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("driver.exs")
        let inputURL = directory.appendingPathComponent("input.txt")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try input.write(to: inputURL, atomically: true, encoding: .utf8)
        return try await OracleTool.output(of: executable, [scriptURL.path, inputURL.path])
    }

    /// Splits the driver output at the record separator lines.
    static func records(_ output: String) -> [String] {
        output.components(separatedBy: "\n\u{1e}\n").map { $0.trimmingCharacters(in: .newlines) }
    }
}
