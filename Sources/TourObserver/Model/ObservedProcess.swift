/// One live process of an observed program, as its runtime's introspection reported it.
///
/// Threading: an immutable value; safe to share between threads.
public struct ObservedProcess: Codable, Sendable, Equatable {
    public var pid: String
    /// `:name` when registered.
    public var registeredName: String?
    /// `running`, `runnable`, `waiting` or `exited (…)`.
    public var status: String
    /// Where it waits, while it waits in `receive`: `receive at File.swift:12 for Msg`.
    public var waitingIn: String?
    public var mailboxLength: Int
    /// The first waiting messages, as `inspect` prints them.
    public var messages: [String]
    public var links: [String]
    public var monitors: [String]
    public var monitoredBy: [String]
    public var trapExit: Bool
    /// Messages received so far: the work the process has done.
    public var reductions: Int

    public init(pid: String, registeredName: String? = nil, status: String, waitingIn: String? = nil,
                mailboxLength: Int = 0, messages: [String] = [], links: [String] = [], monitors: [String] = [],
                monitoredBy: [String] = [], trapExit: Bool = false, reductions: Int = 0) {
        self.pid = pid
        self.registeredName = registeredName
        self.status = status
        self.waitingIn = waitingIn
        self.mailboxLength = mailboxLength
        self.messages = messages
        self.links = links
        self.monitors = monitors
        self.monitoredBy = monitoredBy
        self.trapExit = trapExit
        self.reductions = reductions
    }
}
