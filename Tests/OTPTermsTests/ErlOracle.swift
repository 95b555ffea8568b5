import Foundation

/// Runs a real `erl` (when installed) to produce expected bytes. Tests that use it are enabled
/// by `ErlOracle.isEnabled`; fixed tables captured from OTP 25 run without it.
enum ErlOracle {
    static let executable = OracleTool.find("erl")

    /// Whether the tests that use it run: when `erl` is installed, and always in CI (see
    /// `OracleTool`).
    static var isEnabled: Bool { OracleTool.testsRun(with: executable) }

    /// Runs `erl -noshell -eval EXPRESSIONS` with `input` written to a file; inside the
    /// expressions `Path` names that file (a string). Returns standard output.
    static func run(_ expressions: String, input: String) async throws -> String {
        let executable = try OracleTool.require(executable, "erl")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("erl-oracle-\(UUID().uuidString).txt")
        try input.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await OracleTool.output(of: executable, ["-noshell", "-eval", "Path = \"\(file.path)\", " + expressions + ", halt()."])
    }

    /// For each line of `hexLines` (external-format bytes in hex), what `erl` writes for
    /// `term_to_binary(binary_to_term(Bytes))`, in lower-case hex: the BEAM's own encoding of
    /// the term those bytes hold.
    static func reencode(_ hexLines: [String]) async throws -> [String] {
        let script = """
            {ok, Data} = file:read_file(Path), \
            lists:foreach(fun(Line) -> \
              Term = binary_to_term(binary:decode_hex(Line)), \
              io:format("~s~n", [string:lowercase(binary:encode_hex(term_to_binary(Term)))]) \
            end, binary:split(Data, <<"\\n">>, [global, trim_all]))
            """
        return try await run(script, input: hexLines.joined(separator: "\n")).split(separator: "\n").map(String.init)
    }
}
