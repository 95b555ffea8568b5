import OTP

/// Runs job `n` on the first node of `nodes` that completes it: linked, so that a node going
/// down (`:noconnection`) sends the job to the next node, while a crash of the job itself ends
/// the caller with the job's reason.
func runElsewhere(_ n: Int, on nodes: [Atom]) async throws -> Term {
    Process.trapExit(true)
    for node in nodes {
        // A node that cannot be reached still gives a pid; its link brings :noconnection at once.
        let job = try await Node.spawnLink(on: node, module: "jobs", function: "run", arguments: [.pid(selfPid()), .int(n)])
        enum Outcome { case result(Term), exited(Term) }
        let outcome = try await receive(
            { (m: Term) -> Outcome? in
                if case (.atom("result"), let node, let value)? = m.asTuple() { .result(.tuple(node, value)) } else { nil }
            },
            { (exit: ExitMessage) -> Outcome? in exit.pid == job ? .exited(exit.reason) : nil })
        switch outcome {
        case .result(let result): return result
        case .exited(.noconnection): continue
        case .exited(let reason): try Process.exit(reason)
        }
    }
    try Process.exit(.atom("no_nodes_left"))
}
