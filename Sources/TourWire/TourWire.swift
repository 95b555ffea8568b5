/// The lines a program run by the tour writes back to it: one definition, used by the writer
/// (the runtime and the test harness, inside the learner's program) and the reader (the tour).
///
/// Two channels, each a stream of JSON objects, one per line, written with `WireLine.text(_:)`
/// and read with Foundation's `JSONDecoder`:
///
/// **Results** (`ResultsProtocol.version` 4): a checked program's test harness writes to the
/// descriptor named by `ELIXIRTOUR_RESULTS_FD`; every line carries the run's token
/// (`ELIXIRTOUR_RESULTS_TOKEN`) and is a `ResultRecord`:
///
/// | `event` | when | fields |
/// |---|---|---|
/// | `start` | before the first test | `protocol`, `tests` (names, in order) |
/// | `begin` | a test starts | `index`, `name`, `outputStdout`/`outputStderr` (offsets) |
/// | `test` | a test ended | `index`, `name`, `status` (`pass`/`fail`/`skip`), on a skip `message` (why), on a failure `message`, `expected`, `actual`, `testLine`, `stuck`, `threw`, `waited`, `processes`, and with a trace `trace`, `events`, `names`, `expectedSends`, `matchedSends`; `output…`/`outputEnd…` offsets |
/// | `timeout` | the watchdog stopped a test (the program ends) | `index`, `name`, `seconds`, `processes`, a trace's fields, `outputEnd…` |
/// | `done` | every test ran | — |
///
/// **Observer** (`ObserverProtocol.version` 1): a program started with `ELIXIRTOUR_OBSERVE`
/// writes `ObserverLine`s with a `type` of `hello`, `event` (an `EventRecord`), `processes`
/// (`ProcessRecord`s) or `reply`.
///
/// Readers skip a line they cannot decode and ignore fields they do not know; a process
/// record's optional fields may be missing. So a program cannot break the tour by printing, and
/// a newer writer's lines still read.
public enum ResultsProtocol {
    /// Version 4: a test's `status` may be `skip` (version 3 had only `pass` and `fail`; its
    /// records were already `ResultRecord`s, version 2 wrote the same keys by hand).
    public static let version = 4
}

/// See `TourWire.swift`'s header for the observer channel's lines.
public enum ObserverProtocol {
    public static let version = 1
}
