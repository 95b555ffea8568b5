import TourWire

/// The runtime's introspection as TourWire's records: what the observer channel and the test
/// harness send to the tour.
extension ProcessRecord {
    /// `info` as the wire's record, with the first waiting `messages` as `inspect` prints them.
    package init(_ info: Process.Info, messages: [String], testName: String? = nil) {
        self.init(
            pid: info.pid.description, registeredName: info.registeredName.map { ":" + $0.name }, testName: testName,
            status: info.status.description, waitingIn: info.status == .waiting ? info.waitingIn : nil,
            mailboxLength: info.messageQueueLength, messages: messages, links: info.links.map(\.description),
            monitors: info.monitors.map(\.description), monitoredBy: info.monitoredBy.map(\.description),
            trapExit: info.trapExit, reductions: Int(clamping: info.reductions))
    }
}

extension EventRecord {
    /// `event` in the wire's plain strings.
    package init(_ event: TraceEvent) {
        let kind: Kind =
            switch event.kind {
            case .spawn: .spawn
            case .send: .send
            case .receive: .receive
            case .exit: .exit
            case .link: .link
            case .unlink: .unlink
            case .monitor: .monitor
            case .down: .down
            case .register: .register
            case .timeout: .timeout
            case .child: .child
            case .restart: .restart
            }
        self.init(
            sequence: event.sequence, time: event.time, kind: kind, pid: event.pid.description,
            other: event.other?.description, detail: event.detail)
    }
}
