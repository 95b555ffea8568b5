import OTPCore
import OTPTerms
import Testing

/// A failed match ends a process as on the BEAM, with `{{:badmatch, value}, stacktrace}`:
/// ```elixir
/// {_pid, ref} = spawn_monitor(fn -> {:ok, _} = {:error, :enoent} end)
/// receive do {:DOWN, ^ref, :process, _, reason} -> reason end
/// # {{:badmatch, {:error, :enoent}},
/// #  [{:elixir_compiler_0, :"-__FILE__/1-fun-0-", 0, [file: 't2.exs', line: 2]}]}
/// ```
/// The runtime's stack trace is one frame: the Swift location of the failed `bind`.
@Suite struct MatchExitReasonTests {
    @Test func aFailedBindExitsWithBadmatchAndTheSwiftLocation() async throws {
        let rt = Runtime.deterministic(seed: 1709)
        let line = #line + 3
        let reason = try await rt.run { () -> Term in
            let pid = spawn {
                _ = try Pattern.parse("{:ok, _}").bind(Term.parse("{:error, :enoent}"))
            }
            let ref = Process.monitor(pid)
            return try await receive(Down.self) { $0.ref == ref ? $0.reason : nil }
        }
        let frame = Stacktrace.frame(
            module: "OTPTermsTests", function: "aFailedBindExitsWithBadmatchAndTheSwiftLocation", arity: 0,
            file: "OTPTermsTests/MatchExitReasonTests.swift", line: line)
        #expect(reason == .tuple(.tuple(.atom("badmatch"), .tuple(.atom("error"), .atom("enoent"))), .list([frame])))
        #expect(
            reason.description
                == "{{:badmatch, {:error, :enoent}}, [{:OTPTermsTests, :aFailedBindExitsWithBadmatchAndTheSwiftLocation, 0, [file: 'OTPTermsTests/MatchExitReasonTests.swift', line: \(line)]}]}"
        )
    }
}
