extension Process {
    /// A snapshot of one process, like Elixir's `Process.info/1`.
    ///
    /// Threading: a value type; safe to share.
    public struct Info: Sendable, CustomStringConvertible {
        public let pid: Pid
        public let registeredName: Atom?
        public let status: ProcessStatus
        /// Messages waiting in the mailbox.
        public let messageQueueLength: Int
        /// The first waiting messages as `inspect` prints them. Empty while the process runs (its
        /// mailbox is its own then); filled while it waits in `receive`.
        public let messages: [String]
        public let links: [Pid]
        /// Processes this process monitors.
        public let monitors: [Pid]
        /// Processes that monitor this process.
        public let monitoredBy: [Pid]
        public let trapExit: Bool
        /// Where the process waits, when it waits in `receive`: file, line and message type.
        public let waitingIn: String?
        /// Messages received so far (the BEAM counts reductions; this counts receives).
        public let reductions: UInt64

        public var description: String { report(maxMessages: 5) }

        /// Several lines describing the process, for reports.
        public func report(maxMessages: Int) -> String {
            var head = "\(pid)"
            if let registeredName { head += " (:\(registeredName.name))" }
            head += " \(status)"
            if let waitingIn, status == .waiting { head += " in \(waitingIn)" }
            var lines = [head]
            var mailbox = "    mailbox: \(messageQueueLength) message\(messageQueueLength == 1 ? "" : "s")"
            if !messages.isEmpty {
                mailbox += ": " + messages.prefix(maxMessages).joined(separator: ", ")
                if messageQueueLength > maxMessages { mailbox += ", …" }
            }
            lines.append(mailbox)
            if !links.isEmpty { lines.append("    links: " + links.map(\.description).joined(separator: ", ")) }
            if !monitors.isEmpty { lines.append("    monitors: " + monitors.map(\.description).joined(separator: ", ")) }
            if !monitoredBy.isEmpty { lines.append("    monitored by: " + monitoredBy.map(\.description).joined(separator: ", ")) }
            if trapExit { lines.append("    traps exits") }
            return lines.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}

extension LocalProcess {
    func info(maxMessages: Int = 10) -> Process.Info {
        shared.withLock { s in
            // The inner mailbox may be read only while the process is parked (see LocalProcess).
            let parked = s.waiter != nil || s.extras?.heldWaiter != nil
            var messages: [String] = []
            let count = s.incoming.count + innerCount
            // Woken with a handed message and running since, though `phase` says runnable.
            let status: ProcessStatus = s.phase == .runnable && runsHandedOver.load(ordering: .relaxed) ? .running : s.status
            if parked || !s.isAlive {
                messages = mailbox.prefix(maxMessages).map(describeMessage)
            }
            if messages.count < maxMessages {
                messages += s.incoming.prefix(maxMessages - messages.count).map(describeMessage)
            }
            return Process.Info(
                pid: pid, registeredName: s.name, status: status,
                messageQueueLength: count, messages: messages,
                links: s.links.sorted(), monitors: s.monitors.values.sorted(),
                monitoredBy: s.monitoredBy.values.sorted(), trapExit: s.trapExit,
                waitingIn: s.waitSite?.description, reductions: reductions.load(ordering: .relaxed)
            )
        }
    }
}
