extension LocalProcess {
    /// The process's whole life: run the body, then exit with its reason.
    func main() async {
        shared.withLock { $0.phase = .running }
        var reason: Term = .normal
        guard let body else { preconditionFailure("a process's body runs once") }
        self.body = nil
        do {
            try await body()
        } catch {
            reason = exitReason(for: error)
        }
        terminate(reason: reason)
    }
}
