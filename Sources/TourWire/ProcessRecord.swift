/// One live process, as a program's runtime reports it to the tour: in a checked program's
/// results (a stuck or timed-out test) and on the live observer's channel.
///
/// Threading: an immutable value; safe to share between threads.
public struct ProcessRecord: Codable, Sendable, Equatable {
    public var pid: String
    /// `:name` when registered.
    public var registeredName: String?
    /// The name a test gave it (`t.name(pid, "server")`), or "the test" for the test's own
    /// process; only in a checked program's results.
    public var testName: String?
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

    public init(
        pid: String, registeredName: String? = nil, testName: String? = nil, status: String,
        waitingIn: String? = nil, mailboxLength: Int = 0, messages: [String] = [], links: [String] = [],
        monitors: [String] = [], monitoredBy: [String] = [], trapExit: Bool = false, reductions: Int = 0
    ) {
        self.pid = pid
        self.registeredName = registeredName
        self.testName = testName
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

extension ProcessRecord {
    private enum CodingKeys: String, CodingKey {
        case pid, registeredName, testName, status, waitingIn, mailboxLength, messages, links, monitors, monitoredBy
        case trapExit, reductions
    }

    /// Only `pid` and `status` are required; the rest default to empty, so a program that leaves
    /// a field out (an older or newer runtime) still shows.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pid: try c.decode(String.self, forKey: .pid),
            registeredName: try c.decodeIfPresent(String.self, forKey: .registeredName),
            testName: try c.decodeIfPresent(String.self, forKey: .testName),
            status: try c.decode(String.self, forKey: .status),
            waitingIn: try c.decodeIfPresent(String.self, forKey: .waitingIn),
            mailboxLength: max(0, try c.decodeIfPresent(Int.self, forKey: .mailboxLength) ?? 0),
            messages: try c.decodeIfPresent([String].self, forKey: .messages) ?? [],
            links: try c.decodeIfPresent([String].self, forKey: .links) ?? [],
            monitors: try c.decodeIfPresent([String].self, forKey: .monitors) ?? [],
            monitoredBy: try c.decodeIfPresent([String].self, forKey: .monitoredBy) ?? [],
            trapExit: try c.decodeIfPresent(Bool.self, forKey: .trapExit) ?? false,
            reductions: max(0, try c.decodeIfPresent(Int.self, forKey: .reductions) ?? 0))
    }
}
