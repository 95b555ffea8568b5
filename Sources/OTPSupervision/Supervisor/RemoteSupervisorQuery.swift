import OTPCore
import OTPGenServer

/// `which_children` and `count_children` asked by another node (`Supervisor.which_children({sup,
/// node})`, `Task.Supervisor.children({sup, node})`, `DynamicSupervisor.count_children/1`), which
/// come as the terms `{:"$gen_call", {pid, tag}, :which_children | :count_children}` and are
/// answered with the terms Elixir's supervisors give: a list of `{id, pid | :undefined, type,
/// modules}` (a dynamic supervisor's ids are `:undefined`, its modules `:dynamic` for a
/// supervisor child) and `%{specs:, active:, supervisors:, workers:}`.
///
/// Threading: a value type; read and answered inside the supervisor's process.
struct RemoteSupervisorQuery: Sendable {
    enum Kind { case whichChildren, countChildren }

    let caller: Pid
    let tag: Term
    let kind: Kind

    init?(_ message: any Sendable) {
        guard let term = message as? Term, case .tuple(let call) = term, call.count == 3, call[0] == .atom("$gen_call"),
            case .tuple(let from) = call[1], from.count == 2, case .pid(let caller) = from[0]
        else { return nil }
        switch call[2] {
        case .atom("which_children"): kind = .whichChildren
        case .atom("count_children"): kind = .countChildren
        default: return nil
        }
        self.caller = caller
        self.tag = from[1]
    }

    func reply(_ state: SupervisorState) {
        let answer: Term
        switch kind {
        case .whichChildren:
            answer = .list(
                state.listed.map(\.info).map { child in
                    let type: Term = child.type == .worker ? .atom("worker") : .atom("supervisor")
                    let module: Term = state.config.kind == .task ? .atom("Elixir.Task.Supervised") : child.id
                    return .tuple([
                        state.isDynamic ? .atom("undefined") : child.id, child.pid.map(Term.pid) ?? .atom("undefined"), type,
                        .list([module]),
                    ])
                })
        case .countChildren:
            let counts = state.counts
            answer = .map([
                .atom("specs"): .int(counts.specs), .atom("active"): .int(counts.active),
                .atom("supervisors"): .int(counts.supervisors), .atom("workers"): .int(counts.workers),
            ])
        }
        send(caller, Term.tuple([tag, answer]))
    }
}
