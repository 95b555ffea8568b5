import Foundation

/// The workspace's `scratch` folder: the learner's own programs, run with `run FILE.swift`
/// between exercises. `init` makes it, and the tour makes it for an older workspace the first
/// time a file is run; its starter is never replaced once there.
extension Workspace {
    public static let scratchFolderName = "scratch"
    /// The starter's name inside `scratch`.
    public static let scratchStarterName = "hello.swift"

    public var scratchFolder: URL { root.appendingPathComponent(Self.scratchFolderName) }

    /// Makes `scratch/` with its starter when the folder is missing; returns the starter's URL
    /// when it made it, nil when the folder was already there (a learner may have emptied it).
    @discardableResult
    public func ensureScratch() throws(WorkspaceError) -> URL? {
        guard !LessonsLocator.isDirectory(scratchFolder) else { return nil }
        let starter = scratchFolder.appendingPathComponent(Self.scratchStarterName)
        do {
            try FileManager.default.createDirectory(at: scratchFolder, withIntermediateDirectories: true)
            try Data(Self.scratchStarter.utf8).write(to: starter, options: .withoutOverwriting)
        } catch {
            throw .cannotWrite(scratchFolder, reason: error.localizedDescription)
        }
        return starter
    }

    /// `scratch/hello.swift`: a process spawned, a message each way, something printed. The
    /// end-to-end tests compile and run it (`run scratch/hello.swift`, also with `--observe`).
    public static let scratchStarter = """
        // Your own program: change it and run it with
        //   elixirtour run scratch/hello.swift            (or --trace, or --observe)
        // Any .swift file that starts with `import OTP` runs the same way.
        import OTP

        try await Runtime.run {
            let me = selfPid()

            // A process that waits for one {:ping, from} and answers {:pong, itself}.
            let echo = spawn {
                let from = try await receive { (message: Term) -> Pid? in
                    if case (.atom("ping"), .pid(let from))? = message.asTuple() { from } else { nil }
                }
                send(from, .tuple(.atom("pong"), .pid(selfPid())))
            }

            send(echo, .tuple(.atom("ping"), .pid(me)))
            let answer = try await receive { (message: Term) -> Pid? in
                if case (.atom("pong"), .pid(let from))? = message.asTuple() { from } else { nil }
            }
            print("\\(me) sent :ping to \\(echo) and got :pong back from \\(answer)")
        }

        """
}
