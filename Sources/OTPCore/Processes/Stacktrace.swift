/// The stack-trace half of a crash's exit reason. On the BEAM an error that ends a process exits
/// it with `{reason, stacktrace}`, the stack trace a list of frames
/// `{module, function, arity, [file: 'path', line: n]}`:
///
/// ```elixir
/// {_pid, ref} = spawn_monitor(fn -> {:ok, _} = {:error, :enoent} end)
/// receive do {:DOWN, ^ref, :process, _, reason} -> reason end
/// # {{:badmatch, {:error, :enoent}},
/// #  [{:elixir_compiler_0, :"-__FILE__/1-fun-0-", 0, [file: 't2.exs', line: 2]}]}
/// ```
///
/// A Swift error carries no stack trace, and the runtime does not walk the native stack. What it
/// can honestly give is the one place the error was raised: the Swift source location captured
/// where it was thrown (`#fileID`, `#function`, `#line`). That is a one-frame list in the BEAM's
/// shape: the module is the Swift module (the first part of `#fileID`), the function its Swift
/// name without labels, the arity the number of its labels, and the file and line the source
/// location. So the term matches Elixir's `{reason, stack}` shape (a `{reason, _}` pattern works
/// in both) while naming only what is true of the Swift program.
///
/// Threading: pure functions; call them from anywhere.
public enum Stacktrace {
    /// One frame, `{module, function, arity, [file: 'file', line: line]}`, the file a charlist as
    /// the BEAM writes it.
    public static func frame(module: String, function: String, arity: Int, file: String, line: Int) -> Term {
        .tuple([
            .atom(Atom(module)), .atom(Atom(function)), .int(arity),
            .list([
                .tuple([.atom("file"), .list(file.unicodeScalars.map { .int(Int($0.value)) })]),
                .tuple([.atom("line"), .int(line)]),
            ]),
        ])
    }

    /// The one-frame stack trace of a Swift source location: `#fileID` `Module/File.swift`,
    /// `#function` `name(label:other:)` (or a bare name), `#line`.
    public static func at(fileID: String, function: String, line: Int) -> Term {
        let module = fileID.split(separator: "/", maxSplits: 1).first.map(String.init) ?? fileID
        let name: String
        let arity: Int
        if let open = function.firstIndex(of: "(") {
            name = String(function[..<open])
            arity = function[open...].filter { $0 == ":" }.count
        } else {
            name = function
            arity = 0
        }
        return .list([frame(module: module, function: name, arity: arity, file: fileID, line: line)])
    }

    /// `at(fileID:function:line:)` from the compiler's literals.
    public static func at(_ fileID: StaticString, _ function: StaticString, _ line: UInt) -> Term {
        at(fileID: "\(fileID)", function: "\(function)", line: Int(line))
    }
}

extension Term {
    /// An Elixir exception struct, as a raise puts it in an exit reason:
    /// `%{__struct__: module, __exception__: true, message: message}` (`%RuntimeError{message: …}`
    /// for `module` `"Elixir.RuntimeError"`).
    public static func exception(_ module: String, message: String) -> Term {
        .map([.atom("__struct__"): .atom(Atom(module)), .atom("__exception__"): .true, .atom("message"): .string(message)])
    }
}
