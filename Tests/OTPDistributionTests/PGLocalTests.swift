import OTPCore
import Testing

@testable import OTPDistribution

/// `:pg` on a runtime that is not distributed: a scope's members, local checks and ends, as
/// OTP 25's pg behaves on a node alone (the same steps in elixir 1.14: a second `:pg.start` of
/// the scope gives `{:error, {:already_started, pid}}`, a pid that joined twice is listed
/// twice, `monitor_scope` gives `%{"g" => [a, b, a]}`, `:pg.leave` gives `:ok` then
/// `:not_joined` for a group it is not in, a's end is heard as `{ref, :leave, "g", [a]}` after
/// its leave, which_groups is `["g"]`, demonitor `:ok` then `false`). A remote pid is refused
/// as pg.erl's `ensure_local` refuses it (`{:nolocal, pid}`), before anything is asked.
@Suite struct PGLocalTests {
    @Test func joinLeaveAndEndsOnOneNode() async throws {
        let runtime = Runtime(schedulers: 2)
        let report: [String] = try await runtime.run {
            var out: [String] = []
            let scope = try await PG.start("local_scope")
            do {
                try await PG.start("local_scope")
                out.append("started twice")
            } catch let failure as PG.Failure {
                out.append("second start: \(failure == .alreadyStarted(scope))")
            }
            let a = spawn { _ = try await receive(Term.self) }
            let b = spawn { _ = try await receive(Term.self) }
            try await PG.join("g", a, scope: "local_scope")
            try await PG.join("g", [a, b], scope: "local_scope")
            out.append("members \(PG.getMembers("g", scope: "local_scope") == [a, b, a]) local \(PG.getLocalMembers("g", scope: "local_scope").count)")
            let (ref, groups) = try await PG.monitorScope("local_scope")
            out.append("monitorScope \(groups == ["g": [a, b, a]])")
            out.append("leave \(try await PG.leave("g", a, scope: "local_scope")) \(try await PG.leave("h", a, scope: "local_scope"))")
            let remote = Pid(nodeIndex: 3, id: 1, serial: 0, creation: 1)
            do {
                try await PG.join("g", [a, remote], scope: "local_scope")
            } catch let failure as PG.Failure {
                out.append("remote: \(failure == .nolocal(remote))")
            }
            send(a, Term.atom("stop"))
            // The scope tells the subscriber of each change: a's leave, then its end.
            for _ in 0..<2 {
                let change = try await receive { (message: Term) -> Term? in
                    guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref) else { return nil }
                    return .tuple([items[1], items[3]])
                }
                out.append("\(change)")
            }
            out.append("after end \(PG.getMembers("g", scope: "local_scope") == [b]) groups \(PG.whichGroups(scope: "local_scope"))")
            out.append("demonitor \(try await PG.demonitor(ref, scope: "local_scope")) \(try await PG.demonitor(ref, scope: "local_scope"))")
            Process.exit(b, .kill)
            Process.exit(scope, .kill)
            return out
        }
        #expect(
            Array(report.prefix(5)) == ["second start: true", "members true local 3", "monitorScope true", "leave true false", "remote: true"], "\(report)")
        #expect(report.count == 9, "\(report)")
        if report.count == 9 {
            #expect(report[5].hasPrefix("{:leave, [#PID<"), "\(report)")
            #expect(report[6].hasPrefix("{:leave, [#PID<"), "\(report)")
            #expect(report[7] == "after end true groups [\"g\"]", "\(report)")
            #expect(report[8] == "demonitor true false", "\(report)")
        }
    }
}
