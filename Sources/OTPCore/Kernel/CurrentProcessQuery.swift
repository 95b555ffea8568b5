extension Process {
    /// The calling process's pid, or nil outside any process. Unlike `selfPid()`, it never traps,
    /// so libraries can turn "called outside a process" into a clear error.
    public static var current: Pid? { CurrentProcess.value?.pid }
}

extension Runtime {
    /// The runtime of the calling process, or nil outside any process. Behaviours read its clock
    /// (`now`, virtual in a deterministic runtime) and its scheduler count.
    public static var current: Runtime? { CurrentProcess.value?.runtime }
}
